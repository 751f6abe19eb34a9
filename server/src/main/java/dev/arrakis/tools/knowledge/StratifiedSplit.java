package dev.arrakis.tools.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded train/test split that holds out about {@code testFraction} of every class
 * (rounded), keeping at least one sample of each class for training; a class with a
 * single sample goes to training.
 *
 * @param train sample indices for training, ascending
 * @param test held-out sample indices, ascending
 */
record StratifiedSplit(int[] train, int[] test) {

	static StratifiedSplit of(int[] classOf, int classCount, double testFraction, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		boolean[] heldOut = new boolean[classOf.length];
		for (int c = 0; c < classCount; c++) {
			List<Integer> members = new ArrayList<>();
			for (int sample = 0; sample < classOf.length; sample++) {
				if (classOf[sample] == c) {
					members.add(sample);
				}
			}
			shuffle(members, random);
			int testCount = (int) Math.min(Math.round(testFraction * members.size()), members.size() - 1L);
			for (int i = 0; i < testCount; i++) {
				heldOut[members.get(i)] = true;
			}
		}
		List<Integer> train = new ArrayList<>();
		List<Integer> test = new ArrayList<>();
		for (int sample = 0; sample < classOf.length; sample++) {
			(heldOut[sample] ? test : train).add(sample);
		}
		return new StratifiedSplit(train.stream().mapToInt(Integer::intValue).toArray(),
				test.stream().mapToInt(Integer::intValue).toArray());
	}

	private static void shuffle(List<Integer> values, SplittableRandom random) {
		for (int i = values.size() - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			Integer swap = values.get(i);
			values.set(i, values.get(j));
			values.set(j, swap);
		}
	}

}
