package io.mdpstream.publish;

import io.mdpstream.contract.EventTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a run's topics with settings that fit simulated time, and refuses existing ones that do
 * not fit: a Kafka 4.x broker rejects records stamped more than an hour ahead of its clock by default,
 * and time-based retention deletes segments stamped in the past early, but simulated time runs ahead
 * at speed and starts wherever the epoch says. Public API so that everything else that publishes
 * simulated-time events (replay) creates and checks its topics the same way.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private final Map<String, Object> clientProperties;
    private final Duration timeout;

    public TopicSetup(Map<String, Object> clientProperties, Duration timeout) {
        this.clientProperties = clientProperties;
        this.timeout = timeout;
    }

    /** The configs of a topic carrying simulated-time events. */
    public static Map<String, String> eventTopicConfigs() {
        return EventTopics.simulatedTimeConfigs();
    }

    /**
     * Makes sure the topics exist and fit.
     *
     * @param coPartitioned topics keyed by episode id that must share one partition count
     * @param compacted     single-partition compacted topics (checkpoints)
     * @throws PublishException when Kafka cannot be reached or an existing topic does not fit
     */
    public void ensure(List<String> coPartitioned, int partitions, short replication, List<String> compacted) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        int millis = (int) timeout.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 10_000));
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis, 10_000));
        try (Admin admin = Admin.create(props)) {
            reach(admin);
            List<NewTopic> wanted = new ArrayList<>();
            for (String topic : coPartitioned) {
                wanted.add(new NewTopic(topic, partitions, replication).configs(eventTopicConfigs()));
            }
            for (String topic : compacted) {
                wanted.add(new NewTopic(topic, 1, replication).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            admin.createTopics(wanted).values().forEach((topic, future) -> {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("Created topic {}", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new PublishException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
                    }
                } catch (TimeoutException | InterruptedException e) {
                    throw new PublishException("creating topic " + topic + " took longer than " + timeout.toSeconds() + " s", e);
                }
            });
            check(admin, coPartitioned, partitions);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reach(Admin admin) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("cannot reach Kafka at " + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " within " + timeout.toSeconds() + " s: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while reaching Kafka", e);
        }
    }

    private void check(Admin admin, List<String> coPartitioned, int partitions) {
        Map<String, TopicDescription> descriptions;
        Map<ConfigResource, Config> configs;
        List<ConfigResource> resources = coPartitioned.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                descriptions = admin.describeTopics(coPartitioned).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                configs = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (ExecutionException e) {
                // Topics just created may not be known to every part of the broker yet.
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new PublishException("cannot describe topics " + coPartitioned + ": " + e.getCause().getMessage(), e);
                }
                pause();
            } catch (TimeoutException e) {
                throw new PublishException("describing topics " + coPartitioned + " took longer than " + timeout.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while describing topics", e);
            }
        }
        for (String topic : coPartitioned) {
            int actual = descriptions.get(topic).partitions().size();
            if (actual != partitions) {
                throw new PublishException("topic " + topic + " exists with " + actual + " partitions, but this run needs "
                        + partitions + " on every topic keyed by episode id (co-partitioned); use --partitions " + actual
                        + " to match it, or another --namespace");
            }
            Map<String, String> config = EventTopics.byName(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
            String misfit = EventTopics.simulatedTimeMisfit(topic, config);
            if (misfit != null) {
                throw new PublishException(misfit);
            }
            if (EventTopics.deletesSimulatedPast(config)) {
                LOG.warn("Topic {} has {}={}: segments stamped that far in the simulated past are deleted early",
                        topic, TopicConfig.RETENTION_MS_CONFIG, config.get(TopicConfig.RETENTION_MS_CONFIG));
            }
        }
    }
}
