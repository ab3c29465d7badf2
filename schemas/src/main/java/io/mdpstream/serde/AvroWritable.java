package io.mdpstream.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * A value that writes its own Avro binary form, for {@link AvroSerializer}: it registers
 * {@link #schema()} as for any record and frames the bytes the same way, but lets the value encode
 * itself instead of building a record for a datum writer to walk.
 *
 * <p>For producers whose values are hot, many and simple (a simulator's states, actions and
 * rewards): building each as a record and walking it again cost more than the simulation. Such a
 * value must write exactly what a datum writer would write for the equivalent record with
 * {@link #schema()}; readers cannot tell the difference.
 */
public interface AvroWritable {

    /** The schema the value is written with, registered under the topic's subject. */
    Schema schema();

    /** Writes the value's Avro binary encoding under {@link #schema()}. */
    void write(Encoder out) throws IOException;
}
