package io.mdpstream.sim.testing;

import io.mdpstream.sim.kernel.EventHandle;
import io.mdpstream.sim.params.Categorical;
import io.mdpstream.sim.params.Distribution;
import io.mdpstream.sim.params.ParameterSpec;
import io.mdpstream.sim.params.Parameters;
import io.mdpstream.sim.params.RareEventSpec;
import io.mdpstream.sim.params.Seasonality;
import io.mdpstream.sim.policy.PolicyId;
import io.mdpstream.sim.policy.ScoredAction;
import io.mdpstream.sim.policy.ScoredPolicy;
import io.mdpstream.sim.space.Box;
import io.mdpstream.sim.space.Dict;
import io.mdpstream.sim.space.Discrete;
import io.mdpstream.sim.space.Space;
import io.mdpstream.sim.spi.CausalModel;
import io.mdpstream.sim.spi.Decision;
import io.mdpstream.sim.spi.DesEpisode;
import io.mdpstream.sim.spi.Episode;
import io.mdpstream.sim.spi.EpisodeContext;
import io.mdpstream.sim.spi.Invariant;
import io.mdpstream.sim.spi.Scenario;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Two customer classes wait in two queues for a pool of servers; when a server is free and someone
 * waits, the policy picks which queue to serve. Customers abandon after their patience runs out.
 * Small, but it uses every part of the SPI: seasonal arrivals, dependent service times, cancelled
 * events, delayed rewards, masks, a rare event and exogenous bookkeeping.
 */
public final class ToyQueueScenario implements Scenario {

    private static final Dict OBSERVATION = Dict.builder()
            .add("queue_a", Box.integer(0, 100_000), "customers of class a waiting")
            .add("queue_b", Box.integer(0, 100_000), "customers of class b waiting")
            .add("oldest_wait_a_s", Box.continuous(0, Double.POSITIVE_INFINITY), "wait so far of the oldest a, seconds")
            .add("oldest_wait_b_s", Box.continuous(0, Double.POSITIVE_INFINITY), "wait so far of the oldest b, seconds")
            .add("free_servers", Box.integer(0, 1000), "servers idle and up")
            .add("hour_of_day", new Discrete(24), "UTC hour")
            .build();
    private static final Space ACTION = new Discrete(2);

    @Override
    public String name() {
        return "toy-queue";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "two customer classes, one server pool, abandonment (test scenario)";
    }

    @Override
    public Dict observationSpace() {
        return OBSERVATION;
    }

    @Override
    public Space actionSpace() {
        return ACTION;
    }

    @Override
    public ParameterSpec parameterSpec() {
        return ParameterSpec.builder()
                .number("horizon_hours", 0.1, 24 * 31, "episode length")
                .integer("servers", 1, 1000, "server pool size")
                .rate("arrivals.rate_per_hour", "mean arrivals per hour at seasonality 1")
                .categorical("arrivals.class_mix", "share of each class")
                .seasonality("arrivals.seasonality", "hour-of-day profile")
                .distributionsBy("service_minutes", "arrivals.class_mix", 0, "service time by class")
                .distribution("patience_minutes", 0, "time before a waiting customer abandons")
                .number("value.served_a", 0, 1e6, "reward per served a")
                .number("value.served_b", 0, 1e6, "reward per served b")
                .number("value.abandoned", -1e6, 0, "reward per abandonment")
                .rareEvent("rare.server_outage", "a server goes down; magnitude = servers lost")
                .build();
    }

    @Override
    public CausalModel causalModel() {
        return CausalModel.builder()
                .influences("action", "queue_a", "queue_b", "oldest_wait_a_s", "oldest_wait_b_s", "free_servers")
                .exogenous("arrivals_a", "arrivals_b", "hour_of_day")
                .build();
    }

    @Override
    public List<Invariant> invariants() {
        return List.of(new Invariant("waits_only_with_queue", obs -> {
            boolean emptyA = (Long) obs.get("queue_a") == 0;
            return emptyA && (Double) obs.get("oldest_wait_a_s") > 0 ? "empty queue a has a waiting time" : null;
        }));
    }

    @Override
    public Episode newEpisode(EpisodeContext context) {
        return new ToyQueueEpisode(context);
    }

    @Override
    public ScoredPolicy heuristic() {
        return new ScoredPolicy() {
            private final PolicyId id = new PolicyId("heuristic", version());

            @Override
            public PolicyId id() {
                return id;
            }

            /**
             * The c-mu rule: serve the class with the most value per minute of server time, counting
             * the abandonment a service avoids (default parameters: a 4.5 and b 8 minutes on average).
             */
            @Override
            public List<ScoredAction> candidates(Decision decision) {
                List<ScoredAction> candidates = new ArrayList<>(2);
                if (decision.allowed(0)) {
                    candidates.add(new ScoredAction(0, (1.0 + 3.0) / 4.5));
                }
                if (decision.allowed(1)) {
                    candidates.add(new ScoredAction(1, (2.0 + 3.0) / 8.0));
                }
                return candidates;
            }
        };
    }

    @Override
    public Object fallbackAction(Decision decision) {
        return decision.allowed(0) ? 0 : 1;
    }

    /** The running world. */
    private static final class ToyQueueEpisode extends DesEpisode {
        private final int servers;
        private final double ratePerHour;
        private final Categorical classMix;
        private final Seasonality seasonality;
        private final Distribution[] service;
        private final Distribution patience;
        private final double[] servedValue;
        private final double abandonedValue;
        @SuppressWarnings("unchecked")
        private final ArrayDeque<Customer>[] queues = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>()};
        private final long[] arrivals = new long[2];
        private int busy;
        private int down;

        ToyQueueEpisode(EpisodeContext context) {
            super(context, context.parameters().number("horizon_hours") * 3600);
            Parameters p = context.parameters();
            servers = p.intValue("servers");
            ratePerHour = p.number("arrivals.rate_per_hour");
            classMix = p.categorical("arrivals.class_mix");
            seasonality = p.seasonality("arrivals.seasonality");
            Map<String, Distribution> byClass = p.distributionsBy("service_minutes");
            service = new Distribution[] {byClass.get(classMix.names().get(0)), byClass.get(classMix.names().get(1))};
            patience = p.distribution("patience_minutes");
            servedValue = new double[] {p.number("value.served_a"), p.number("value.served_b")};
            abandonedValue = p.number("value.abandoned");
        }

        @Override
        protected void start() {
            scheduleArrival();
        }

        private void scheduleArrival() {
            RandomGenerator stream = random("arrivals");
            double delay = nextArrivalDelay(ratePerHour, seasonality, stream);
            if (Double.isFinite(delay)) {
                simulation().scheduleAfter(delay, this::arrive);
            }
        }

        private void arrive() {
            int type = classMix.sampleIndex(random("arrivals"));
            arrivals[type]++;
            recordExogenous(type == 0 ? "arrivals_a" : "arrivals_b", arrivals[type]);
            Customer customer = new Customer(type, now());
            // Patience is drawn now but only acts through the abandonment event; it is never observed.
            customer.abandonment = simulation().scheduleCancellableAfter(patience.sample(random("patience")) * 60,
                    () -> abandon(customer));
            queues[type].addLast(customer);
            scheduleArrival();
            askIfServerFree();
        }

        private void abandon(Customer customer) {
            queues[customer.type].remove(customer);
            if (currentStep() >= 0) {
                reward(currentStep(), abandonedValue, Map.of("abandoned", abandonedValue));
            }
        }

        private void askIfServerFree() {
            if (free() > 0 && (!queues[0].isEmpty() || !queues[1].isEmpty())) {
                requestDecision();
            }
        }

        private int free() {
            return Math.max(0, servers - down - busy);
        }

        @Override
        protected Map<String, Object> observe() {
            Map<String, Object> obs = new LinkedHashMap<>();
            obs.put("queue_a", (long) queues[0].size());
            obs.put("queue_b", (long) queues[1].size());
            obs.put("oldest_wait_a_s", queues[0].isEmpty() ? 0.0 : now() - queues[0].peekFirst().arrivedAt);
            obs.put("oldest_wait_b_s", queues[1].isEmpty() ? 0.0 : now() - queues[1].peekFirst().arrivedAt);
            obs.put("free_servers", (long) free());
            obs.put("hour_of_day", instant().atZone(ZoneOffset.UTC).getHour());
            return obs;
        }

        @Override
        protected boolean[] actionMask() {
            return new boolean[] {!queues[0].isEmpty(), !queues[1].isEmpty()};
        }

        @Override
        protected void act(Object action) {
            int type = (Integer) action;
            Customer customer = queues[type].removeFirst();
            simulation().cancel(customer.abandonment);
            busy++;
            int decision = currentStep();
            double duration = service[type].sample(random("service")) * 60;
            simulation().scheduleAfter(duration, () -> {
                busy--;
                reward(decision, servedValue[type], Map.of("served", servedValue[type]));
                askIfServerFree();
            });
            askIfServerFree();
        }

        @Override
        protected void onRareEventStart(RareEventSpec event, double magnitude) {
            down += (int) Math.round(magnitude);
        }

        @Override
        protected void onRareEventEnd(RareEventSpec event, double magnitude) {
            down -= (int) Math.round(magnitude);
            askIfServerFree();
        }
    }

    private static final class Customer {
        final int type;
        final double arrivedAt;
        EventHandle abandonment;

        Customer(int type, double arrivedAt) {
            this.type = type;
            this.arrivedAt = arrivedAt;
        }
    }
}
