package io.mdpstream.sim.scenarios.pricing;

/**
 * How a visitor of a category page chooses: a multinomial logit over buying here, buying from the
 * competitor and not buying (Talluri and van Ryzin, ch. 7). The utility of an offer falls linearly
 * with its price relative to the list (reference) price; the competitor's offer carries a loyalty
 * handicap, since the visitor is on our site already.
 *
 * <p>Immutable and thread-safe.
 *
 * @param attraction  utility of the product at a price of zero
 * @param sensitivity utility lost per list price of price, > 0; the price elasticity at list price
 *                    is about {@code -sensitivity * (1 - conversion)}
 * @param loyalty     utility handicap of the competitor's offer (shipping, switching)
 */
public record ChoiceModel(double attraction, double sensitivity, double loyalty) {

    /**
     * The model whose conversion is {@code conversionAtList} when both shops charge the list price.
     *
     * @throws IllegalArgumentException when that conversion is out of reach for this loyalty
     */
    public static ChoiceModel calibrated(double conversionAtList, double sensitivity, double loyalty) {
        // With x = exp(a - b): P = x / (1 + x (1 + exp(-loyalty))), solved for x.
        double share = 1 + Math.exp(-loyalty);
        if (!(conversionAtList > 0 && conversionAtList * share < 1)) {
            throw new IllegalArgumentException("a conversion at list price of " + conversionAtList
                    + " needs to be within (0, " + (1 / share) + ") with a competitor loyalty handicap of " + loyalty);
        }
        double x = conversionAtList / (1 - conversionAtList * share);
        return new ChoiceModel(sensitivity + Math.log(x), sensitivity, loyalty);
    }

    /** Probability that a visitor buys here at {@code price} while the competitor asks {@code competitorPrice}. */
    public double purchaseProbability(double price, double competitorPrice, double listPrice) {
        double here = Math.exp(attraction - sensitivity * price / listPrice);
        double there = Math.exp(attraction - loyalty - sensitivity * competitorPrice / listPrice);
        return here / (1 + here + there);
    }
}
