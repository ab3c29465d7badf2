package io.mdpstream.sim.params;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The distributions a parameter file can name. */
final class Distributions {

    private Distributions() {
    }

    record Constant(double value) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }

        @Override
        public double minimum() {
            return value;
        }
    }

    record Uniform(double low, double high) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return low == high ? low : random.nextDouble(low, high);
        }

        @Override
        public double mean() {
            return (low + high) / 2;
        }

        @Override
        public double minimum() {
            return low;
        }
    }

    record Exponential(double mean) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return mean * random.nextExponential();
        }

        @Override
        public double minimum() {
            return 0;
        }
    }

    /** Normal, optionally truncated to [min, max] by rejection. */
    record Normal(double mu, double sd, double min, double max) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            for (int attempt = 0; attempt < 64; attempt++) {
                double x = mu + sd * random.nextGaussian();
                if (x >= min && x <= max) {
                    return x;
                }
            }
            return Math.max(min, Math.min(max, mu));
        }

        @Override
        public double mean() {
            return Math.max(min, Math.min(max, mu));
        }

        @Override
        public double minimum() {
            return min;
        }
    }

    /** Log-normal by its median (e^mu) and the sd of the log, which is how practitioners quote it. */
    record LogNormal(double median, double sigma) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return median * Math.exp(sigma * random.nextGaussian());
        }

        @Override
        public double mean() {
            return median * Math.exp(sigma * sigma / 2);
        }

        @Override
        public double minimum() {
            return 0;
        }
    }

    /** Gamma by shape and scale, sampled with Marsaglia and Tsang's method. */
    record Gamma(double shape, double scale) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return scale * standardGamma(shape, random);
        }

        @Override
        public double mean() {
            return shape * scale;
        }

        @Override
        public double minimum() {
            return 0;
        }
    }

    record Triangular(double low, double mode, double high) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            double u = random.nextDouble();
            double cut = (mode - low) / (high - low);
            return u < cut ? low + Math.sqrt(u * (high - low) * (mode - low))
                    : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
        }

        @Override
        public double mean() {
            return (low + mode + high) / 3;
        }

        @Override
        public double minimum() {
            return low;
        }
    }

    /** Counts with the given mean. */
    record Poisson(double mean) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            return poisson(mean, random);
        }

        @Override
        public double minimum() {
            return 0;
        }
    }

    /**
     * Over-dispersed counts: Poisson with a gamma-distributed mean, variance = mean + mean^2 / dispersion.
     * Real demand is rarely as regular as Poisson.
     */
    record NegativeBinomial(double mean, double dispersion) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            double lambda = mean / dispersion * standardGamma(dispersion, random);
            return poisson(lambda, random);
        }

        @Override
        public double minimum() {
            return 0;
        }
    }

    /** One of the listed values, with the given weights. */
    record Choice(double[] values, double[] cumulative) implements Distribution {
        @Override
        public double sample(RandomGenerator random) {
            double u = random.nextDouble() * cumulative[cumulative.length - 1];
            int i = Arrays.binarySearch(cumulative, u);
            return values[i >= 0 ? Math.min(i + 1, values.length - 1) : -i - 1];
        }

        @Override
        public double mean() {
            double total = cumulative[cumulative.length - 1];
            double sum = 0;
            double previous = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[i] * (cumulative[i] - previous);
                previous = cumulative[i];
            }
            return sum / total;
        }

        @Override
        public double minimum() {
            return Arrays.stream(values).min().orElseThrow();
        }
    }

    static double standardGamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a)
            return standardGamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** Knuth's product method in chunks of mean 30, so large means stay exact and fast enough. */
    static double poisson(double mean, RandomGenerator random) {
        long count = 0;
        double remaining = mean;
        while (remaining > 0) {
            double chunk = Math.min(remaining, 30);
            remaining -= chunk;
            double limit = Math.exp(-chunk);
            double product = random.nextDouble();
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
        }
        return count;
    }
}
