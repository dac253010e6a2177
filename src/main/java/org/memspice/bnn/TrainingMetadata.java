package org.memspice.bnn;

import java.util.Map;

/**
 * How a model was made. {@code testAccuracy} is null when it was not measured. {@code hyperparameters}
 * holds every training option with its value (numbers, strings, booleans), so a run can be repeated.
 *
 * @param arch architecture name ({@code fp}, {@code bnn}, {@code bssc}, or another)
 * @param method training method ({@code baseline}, {@code kd}, {@code kdg}, {@code kdwg}, {@code kdsng}, {@code random})
 * @param seed the seed of every random draw in training
 * @param epochs epochs trained
 * @param testAccuracy accuracy on the 10 000 test images, in [0, 1], or null
 * @param command the exact command line that made the file
 * @param created ISO-8601 UTC time of creation
 */
public record TrainingMetadata(String arch, String method, long seed, int epochs, Double testAccuracy, String command,
        String created, Map<String, Object> hyperparameters) {
    public TrainingMetadata {
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }
}
