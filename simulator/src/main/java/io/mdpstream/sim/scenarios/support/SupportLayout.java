package io.mdpstream.sim.scenarios.support;

import java.util.List;

/**
 * The fixed shape of the support scenario: three skills, three priorities, nine queues (one per
 * skill and priority, skill-major), and the action numbering (0 = hold, 1 + queue = serve that
 * queue). Observation vectors and the mask follow this layout, so it cannot come from parameters.
 *
 * <p>Constants only; thread-safe.
 */
final class SupportLayout {

    static final List<String> SKILLS = List.of("billing", "technical", "account");
    static final List<String> PRIORITIES = List.of("p1", "p2", "p3");
    static final int SKILL_COUNT = 3;
    static final int PRIORITY_COUNT = 3;
    static final int QUEUE_COUNT = SKILL_COUNT * PRIORITY_COUNT;
    static final int TECHNICAL = 1;

    /** Action 0: the agent stays idle until something changes (an arrival, a completion, a shift change). */
    static final int HOLD = 0;
    static final int ACTION_COUNT = QUEUE_COUNT + 1;

    /** Skill levels of an agent. */
    static final int UNSKILLED = 0;
    static final int CROSS_TRAINED = 1;
    static final int SPECIALIST = 2;

    private SupportLayout() {
    }

    static int queue(int skill, int priority) {
        return skill * PRIORITY_COUNT + priority;
    }

    static int skillOf(int queue) {
        return queue / PRIORITY_COUNT;
    }

    static int priorityOf(int queue) {
        return queue % PRIORITY_COUNT;
    }

    /** The action that serves {@code queue}. */
    static int serve(int queue) {
        return queue + 1;
    }

    /** The queue an action serves; only for actions other than {@link #HOLD}. */
    static int queueOf(int action) {
        return action - 1;
    }

    /** "billing/p1" and so on, for documentation. */
    static String queueName(int queue) {
        return SKILLS.get(skillOf(queue)) + "/" + PRIORITIES.get(priorityOf(queue));
    }
}
