package io.mdpstream.contract;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model shared by every reader and writer of mdpstream events.
 *
 * <p>Scenario-typed states and actions are generic records that nest generated (specific) records
 * such as {@link io.mdpstream.events.Envelope}; one model with the logical-type conversions
 * registered reads and writes both, so {@code sim_time} is an {@link java.time.Instant} in specific
 * records and a {@code long} in generic ones.
 *
 * <p>Thread-safe: the instance is configured once and then only read.
 */
public final class EventModel {

    private static final SpecificData MODEL = create();

    private EventModel() {
    }

    /** The shared model; do not add conversions to it. */
    public static SpecificData get() {
        return MODEL;
    }

    private static SpecificData create() {
        SpecificData model = new SpecificData(EventModel.class.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        return model;
    }
}
