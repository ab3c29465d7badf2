package io.mdpstream.regress.internal;

import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.Scenario;
import io.mdpstream.sink.StoredDataset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Reads a stored dataset's episodes and logged decisions into plain values. */
public final class BaselineReader {

    private BaselineReader() {
    }

    /** The training set's episodes, by run and index. */
    public static List<BaselineEpisode> episodes(StoredDataset dataset) {
        List<BaselineEpisode> episodes = new ArrayList<>();
        for (GenericRecord row : dataset.episodes(false)) {
            Map<String, Long> violations = new LinkedHashMap<>();
            ((Map<?, ?>) row.get("violations")).forEach((rule, count) -> violations.put(rule.toString(), ((Number) count).longValue()));
            episodes.add(new BaselineEpisode(text(row, "episode_id"), text(row, "run_id"), number(row, "episode_index"),
                    text(row, "scenario"), text(row, "scenario_version"), number(row, "seed"), number(row, "run_seed"),
                    text(row, "parameters"), Instant.ofEpochMilli(millis(row.get("start_time"))), text(row, "policy_id"),
                    text(row, "policy_version"), ((Number) row.get("episode_return")).doubleValue(),
                    (int) number(row, "steps"), row.get("end_reason") == null ? null : text(row, "end_reason"),
                    text(row, "verdict"), violations));
        }
        episodes.sort(Comparator.comparing(BaselineEpisode::runId).thenComparingLong(BaselineEpisode::index));
        return episodes;
    }

    /** Episodes in the quarantine, which a regression leaves out, as {@code dataset.json} counts them. */
    public static long quarantined(StoredDataset dataset) {
        return dataset.metadata().at("/counts/quarantined_episodes").asLong(0);
    }

    /** The logged decisions of the episodes in {@code ids}, in step order, by episode id. */
    public static Map<String, List<LoggedStep>> steps(StoredDataset dataset, Set<String> ids, Scenario scenario) {
        Space actionSpace = scenario.actionSpace();
        Map<String, List<LoggedStep>> steps = new HashMap<>();
        dataset.forEachRow(dataset.layout().steps(), stepColumns(actionSpace), row -> {
            String id = text(row, "episode_id");
            if (ids.contains(id)) {
                Object action = row.get("action");
                Object probability = row.get("action_probability");
                steps.computeIfAbsent(id, k -> new ArrayList<>()).add(new LoggedStep((int) number(row, "step"),
                        action == null ? null : actionSpace.fromAvro(action),
                        probability == null ? null : ((Number) probability).doubleValue()));
            }
        });
        steps.values().forEach(list -> list.sort(Comparator.comparingInt(LoggedStep::step)));
        return steps;
    }

    /** The step columns a regression reads, typed for JSON Lines rows (Parquet files carry their own schema). */
    private static Schema stepColumns(Space actionSpace) {
        Schema action = actionSpace instanceof Dict ? actionSpace.avroSchema("ActionPayload", "io.mdpstream.regress")
                : actionSpace.avroSchema("ActionValue", "io.mdpstream.regress");
        Schema row = Schema.createRecord("Step", null, "io.mdpstream.regress", false);
        row.setFields(List.of(new Schema.Field("episode_id", Schema.create(Schema.Type.STRING)),
                new Schema.Field("step", Schema.create(Schema.Type.INT)),
                new Schema.Field("action", Schema.createUnion(Schema.create(Schema.Type.NULL), action)),
                new Schema.Field("action_probability", Schema.createUnion(Schema.create(Schema.Type.NULL),
                        Schema.create(Schema.Type.DOUBLE)))));
        return row;
    }

    private static String text(GenericRecord row, String field) {
        return String.valueOf(row.get(field));
    }

    private static long number(GenericRecord row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    private static long millis(Object value) {
        return value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue();
    }
}
