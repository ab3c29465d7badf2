package io.mdpstream.sim.scenarios.pricing;

/**
 * How a visitor of a category page chooses. A share {@code intent} of visitors is in the market now
 * (the rest browse and never buy); those choose by a multinomial logit among buying here, buying from
 * the competitor and not buying (Talluri and van Ryzin, ch. 7). The utility of an offer falls
 * linearly with its price relative to the list (reference) price; the competitor's offer carries a
 * loyalty handicap, since the visitor is on our site already. Keeping browsers out of the logit is
 * what lets the competitor's price matter: among shoppers who will buy somewhere, a 30% cheaper
 * competitor takes a real share.
 *
 * <p>Immutable and thread-safe.
 *
 * @param intent      share of visitors ready to buy now, in (0, 1]
 * @param attraction  utility of the product at a price of zero, for a visitor ready to buy
 * @param sensitivity utility lost per list price of price, > 0; the price elasticity at list price
 *                    is about {@code -sensitivity * (1 - conversion / intent)}
 * @param loyalty     utility handicap of the competitor's offer (shipping, switching)
 */
public record ChoiceModel(double intent, double attraction, double sensitivity, double loyalty) {

    /**
     * The model whose conversion is {@code conversionAtList} when both shops charge the list price.
     *
     * @throws IllegalArgumentException when that conversion is out of reach for this intent and loyalty
     */
    public static ChoiceModel calibrated(double conversionAtList, double intent, double sensitivity, double loyalty) {
        if (!(intent > 0 && intent <= 1)) {
            throw new IllegalArgumentException("the share of visitors ready to buy must be within (0, 1], got " + intent);
        }
        // Among those ready to buy, with x = exp(a - b): P = x / (1 + x (1 + exp(-loyalty))), solved for x.
        double target = conversionAtList / intent;
        double share = 1 + Math.exp(-loyalty);
        if (!(target > 0 && target * share < 1)) {
            throw new IllegalArgumentException("a conversion at list price of " + conversionAtList + " needs to be within (0, "
                    + intent / share + ") with a share ready to buy of " + intent + " and a competitor handicap of " + loyalty);
        }
        double x = target / (1 - target * share);
        return new ChoiceModel(intent, sensitivity + Math.log(x), sensitivity, loyalty);
    }

    /** Probability that a visitor buys here at {@code price} while the competitor asks {@code competitorPrice}. */
    public double purchaseProbability(double price, double competitorPrice, double listPrice) {
        double here = Math.exp(attraction - sensitivity * price / listPrice);
        double there = Math.exp(attraction - loyalty - sensitivity * competitorPrice / listPrice);
        return intent * here / (1 + here + there);
    }
}
