package io.mdpstream.registry;

import java.util.List;

/**
 * Answer to a compatibility test.
 *
 * @param compatible whether the schema may be registered under the subject's level
 * @param messages   why not, when the registry says
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
