package io.mdpstream.contract;

import io.mdpstream.events.ActionSource;
import io.mdpstream.events.Envelope;
import io.mdpstream.events.PolicyRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The typed state and action schemas of one scenario: the shared templates (envelope, policy,
 * propensity) joined with the scenario's own observation and action records.
 *
 * <p>The composed records are named {@code io.mdpstream.scenario.<scenario>.State} and
 * {@code ...Action}, so each scenario's topics carry a schema whose fields a SQL engine or a
 * Python consumer reads by name ({@code observation.queue_length}). Shared types keep their
 * {@code io.mdpstream.events} names, so the envelope reads as {@link Envelope} everywhere.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScenarioEventSchemas {

    /** Namespace under which a scenario's composed records are named. */
    public static final String SCENARIO_NAMESPACE_PREFIX = "io.mdpstream.scenario.";

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Schema STATE_TEMPLATE = loadTemplate("State.avsc");
    private static final Schema ACTION_TEMPLATE = loadTemplate("Action.avsc");
    private static final Schema AGENT_ACTION_TEMPLATE = loadTemplate("AgentAction.avsc");

    private final String scenario;
    private final Schema observation;
    private final Schema action;
    private final Schema state;
    private final Schema actionEvent;
    private final Schema agentAction;

    private ScenarioEventSchemas(String scenario, Schema observation, Schema action) {
        this.scenario = scenario;
        this.observation = observation;
        this.action = action;
        String namespace = namespaceOf(scenario);
        this.state = compose(STATE_TEMPLATE, namespace, "observation", observation);
        this.actionEvent = compose(ACTION_TEMPLATE, namespace, "action", action);
        this.agentAction = compose(AGENT_ACTION_TEMPLATE, namespace, "action", action);
    }

    /**
     * Composes the schemas of a scenario.
     *
     * @param scenario    scenario name; letters, digits, '_' and '-' ('-' becomes '_' in the Avro namespace)
     * @param observation the scenario's observation record
     * @param action      the scenario's action record
     * @throws IllegalArgumentException when a payload is not a record or the name is not usable
     */
    public static ScenarioEventSchemas of(String scenario, Schema observation, Schema action) {
        Objects.requireNonNull(scenario, "scenario");
        requireRecord("observation", observation);
        requireRecord("action", action);
        return new ScenarioEventSchemas(scenario, observation, action);
    }

    /** The Avro namespace of a scenario's composed records. */
    public static String namespaceOf(String scenario) {
        String part = scenario.replace('-', '_');
        if (!AVRO_NAME.matcher(part).matches()) {
            throw new IllegalArgumentException("scenario name '" + scenario
                    + "' cannot name an Avro namespace: use letters, digits, '_' and '-', not starting with a digit");
        }
        return SCENARIO_NAMESPACE_PREFIX + part;
    }

    public String scenario() {
        return scenario;
    }

    /** The scenario's observation record, as given. */
    public Schema observation() {
        return observation;
    }

    /** The scenario's action payload record, as given. */
    public Schema actionPayload() {
        return action;
    }

    /** Value schema of the {@code <ns>.states} topic. */
    public Schema state() {
        return state;
    }

    /** Value schema of the {@code <ns>.actions} topic. */
    public Schema action() {
        return actionEvent;
    }

    /** Value schema of the {@code <ns>.agent-actions} topic, which external agents write. */
    public Schema agentAction() {
        return agentAction;
    }

    /**
     * Builds a state event.
     *
     * @param actionMask valid-action mask over the flattened discrete action space; empty when all are valid
     */
    public GenericRecord newState(Envelope envelope, GenericRecord observationValue, List<Boolean> actionMask) {
        GenericData.Record record = new GenericData.Record(state);
        record.put("envelope", Objects.requireNonNull(envelope, "envelope"));
        record.put("observation", Objects.requireNonNull(observationValue, "observation"));
        record.put("action_mask", List.copyOf(actionMask));
        return record;
    }

    /**
     * Builds an action event.
     *
     * @param probability probability with which the behaviour policy chose the action; null when unknown
     */
    public GenericRecord newAction(Envelope envelope, GenericRecord actionValue, PolicyRef policy,
                                   Double probability, ActionSource source) {
        GenericData.Record record = new GenericData.Record(actionEvent);
        record.put("envelope", Objects.requireNonNull(envelope, "envelope"));
        record.put("action", Objects.requireNonNull(actionValue, "action"));
        record.put("policy", Objects.requireNonNull(policy, "policy"));
        record.put("probability", probability);
        record.put("source", Objects.requireNonNull(source, "source"));
        return record;
    }

    /** The state template with an empty observation record; the contract checks evolve it. */
    public static Schema stateTemplate() {
        return STATE_TEMPLATE;
    }

    /** The action template with an empty payload record; the contract checks evolve it. */
    public static Schema actionTemplate() {
        return ACTION_TEMPLATE;
    }

    /** The agent-action template with an empty payload record; the contract checks evolve it. */
    public static Schema agentActionTemplate() {
        return AGENT_ACTION_TEMPLATE;
    }

    private static Schema compose(Schema template, String namespace, String payloadField, Schema payload) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : template.getFields()) {
            // A Field belongs to one record, so every field is copied; only the payload changes type.
            Schema type = field.name().equals(payloadField) ? payload : field.schema();
            fields.add(new Schema.Field(field, type));
        }
        Schema composed = Schema.createRecord(template.getName(), template.getDoc(), namespace, false);
        composed.setFields(fields);
        return composed;
    }

    private static void requireRecord(String what, Schema schema) {
        Objects.requireNonNull(schema, what);
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(what + " schema must be an Avro record, got " + schema.getType());
        }
    }

    private static Schema loadTemplate(String file) {
        String resource = "/io/mdpstream/events/templates/" + file;
        try (InputStream in = ScenarioEventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " missing from the classpath");
            }
            return ContractSchemas.parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
    }
}
