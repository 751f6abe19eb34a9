package dev.arrakis.tools.surgery;

/**
 * What a surgery did to a metric over a dataset.
 *
 * @param plan the surgery, e.g. {@code delete blocks [1]}
 * @param metric what {@code original} and {@code modified} measure
 * @param sequences how many sequences the means are over
 * @param original the metric's mean over the sequences on the unchanged model
 * @param modified the same on the derived model
 * @param delta {@code modified - original}
 * @param layersBefore the model's block count
 * @param layersAfter the derived model's block count
 */
public record SurgeryEffect(String plan, String metric, int sequences, double original, double modified, double delta,
		int layersBefore, int layersAfter) {
}
