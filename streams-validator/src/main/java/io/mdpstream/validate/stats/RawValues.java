package io.mdpstream.validate.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The values of a {@link Share} not yet summarized: each state's numeric features as a row, and the reward values.
 * States whose features come under the same paths (one observation schema, arrays of one length) share a block, so
 * the paths are kept once per block, not once per state; a block's rows sit one after another in one array.
 *
 * <p>Not thread-safe.
 */
final class RawValues {

    private static final double[] NONE = new double[0];

    /** States whose features came under the same paths; in the order of their first state. */
    static final class Block {
        final String[] paths;
        double[] values;
        int rows;

        Block(String[] paths, double[] values, int rows) {
            this.paths = paths;
            this.values = values;
            this.rows = rows;
        }

        void add(double[] row) {
            int width = paths.length;
            if (values.length < (rows + 1) * width) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * width));
            }
            System.arraycopy(row, 0, values, rows * width, width);
            rows++;
        }
    }

    private final List<Block> blocks = new ArrayList<>(1);
    private double[] rewards = NONE;
    private int rewardCount;
    private int states;
    private int values;
    /** The state being read (see {@link #addState}): its paths and values as they come. */
    private String[] rowPaths = new String[16];
    private double[] rowValues = new double[16];
    private int rowSize;
    private final Features.FeatureConsumer taker = this::take;

    /** Reads one observation's features (see {@link Features}) as a row; one with none adds nothing. */
    void addState(GenericRecord observation) {
        rowSize = 0;
        Features.forEach(observation, taker);
        if (rowSize == 0) {
            return;
        }
        blockFor(rowPaths, rowSize).add(rowValues);
        states++;
        values += rowSize;
    }

    private void take(String path, double value) {
        if (rowSize == rowPaths.length) {
            rowPaths = Arrays.copyOf(rowPaths, rowSize * 2);
            rowValues = Arrays.copyOf(rowValues, rowSize * 2);
        }
        rowPaths[rowSize] = path;
        rowValues[rowSize++] = value;
    }

    /** Adds a block read back from bytes: {@code rows} states under these paths; takes the arrays over. */
    void addBlock(String[] paths, double[] rowValues, int rows) {
        blocks.add(new Block(paths, rowValues, rows));
        states += rows;
        values += rows * paths.length;
    }

    void addReward(double value) {
        if (rewardCount == rewards.length) {
            rewards = Arrays.copyOf(rewards, Math.max(8, rewardCount * 2));
        }
        rewards[rewardCount++] = value;
        values++;
    }

    /** States held as rows (those with numeric features). */
    int states() {
        return states;
    }

    /** Values held: every row's features and the rewards. */
    int values() {
        return values;
    }

    int rewardCount() {
        return rewardCount;
    }

    double reward(int i) {
        return rewards[i];
    }

    List<Block> blocks() {
        return blocks;
    }

    boolean isEmpty() {
        return states == 0 && rewardCount == 0;
    }

    /** Adds every value to {@code stats} (as its {@code add...} methods would, counting no event); keeps them here. */
    void addTo(WindowStats stats) {
        for (Block block : blocks) {
            stats.addFeatureRows(block.paths, block.values, block.rows);
        }
        Summary reward = stats.reward();
        for (int i = 0; i < rewardCount; i++) {
            reward.add(rewards[i]);
        }
    }

    void clear() {
        blocks.clear();
        rewards = NONE;
        rewardCount = 0;
        states = 0;
        values = 0;
    }

    /**
     * The block of states with these paths: the last one used, usually. Paths come from {@link Features} as the same
     * instances for the same schema, so identity decides the common case and equality the rest (paths of nested
     * records are built anew for each state).
     */
    private Block blockFor(String[] paths, int size) {
        for (int b = blocks.size() - 1; b >= 0; b--) {
            Block block = blocks.get(b);
            if (samePaths(block.paths, paths, size)) {
                return block;
            }
        }
        Block block = new Block(Arrays.copyOf(paths, size), new double[4 * size], 0);
        blocks.add(block);
        return block;
    }

    /** Whether {@code known} holds the first {@code size} of {@code paths}, and no more. */
    static boolean samePaths(String[] known, String[] paths, int size) {
        if (known.length != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            String a = known[i];
            String b = paths[i];
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }
}
