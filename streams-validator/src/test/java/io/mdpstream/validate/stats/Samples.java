package io.mdpstream.validate.stats;

import java.util.SplittableRandom;

/** Seeded samples for the tests. */
final class Samples {

    private Samples() {
    }

    static double[] normal(long seed, int n, double mean, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + std * gaussian(random);
        }
        return values;
    }

    static double[] exponential(long seed, int n, double rate) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = -Math.log(1 - random.nextDouble()) / rate;
        }
        return values;
    }

    /** Half N(-5, 2), half exponential(0.5), interleaved: both signs, a spread of magnitudes. */
    static double[] mixedSign(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 2 == 0 ? -5 + 2 * gaussian(random) : -Math.log(1 - random.nextDouble()) / 0.5;
        }
        return values;
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
