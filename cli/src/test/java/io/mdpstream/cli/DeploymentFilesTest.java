package io.mdpstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The docker-compose file and the Kubernetes manifests run commands this CLI accepts, and the
 * tools that read those files accept them too (when the tools are installed).
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void composeSimulatorCommandsShouldParse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        List<String> simulators = services.keySet().stream().filter(s -> s.startsWith("simulator")).toList();

        assertThat(simulators).hasSizeGreaterThanOrEqualTo(2);
        for (String name : simulators) {
            String command = (String) services.get(name).get("command");
            assertParses(List.of(command.trim().split("\\s+")));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void statefulSetArgumentsShouldParse() throws IOException {
        List<String> args = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(ROOT.resolve("k8s/base/simulator.yaml")))) {
            Map<String, Object> resource = (Map<String, Object>) document;
            if ("StatefulSet".equals(resource.get("kind"))) {
                Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) resource
                        .get("spec")).get("template")).get("spec");
                Map<String, Object> container = ((List<Map<String, Object>>) spec.get("containers")).get(0);
                for (Object arg : (List<Object>) container.get("args")) {
                    // Kubernetes expands $(VAR) from the environment; any value of the right type will do here.
                    args.add(arg.toString().replace("$(REPLICATION_FACTOR)", "3").replaceAll("\\$\\([A-Z_]+\\)", "x"));
                }
            }
        }

        assertThat(args).contains("--instance=auto");
        assertParses(args);
    }

    @Test
    void dockerComposeShouldAcceptTheFile() throws Exception {
        assumeThat(onPath("docker-compose")).as("docker-compose is not installed (apt-get install docker-compose)").isTrue();

        assertThat(run("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(), "config", "-q")).isZero();
    }

    @Test
    void kustomizeShouldBuildTheDevOverlay() throws Exception {
        assumeThat(onPath("kubectl")).as("kubectl is not installed").isTrue();

        assertThat(run("kubectl", "kustomize", ROOT.resolve("k8s/dev").toString())).isZero();
    }

    private static void assertParses(List<String> args) {
        CommandLine cli = Mdpstream.commandLine();
        CommandLine.ParseResult result = cli.parseArgs(args.toArray(String[]::new));
        assertThat(result.subcommand()).isNotNull();
        assertThat(result.subcommand().commandSpec().name()).isEqualTo("simulate");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return process.exitValue();
    }
}
