package dev.arrakis.tools.residual;

/**
 * How far the residual stream moves between the outputs of two layers.
 *
 * @param metric the definition
 * @param fromLayer the earlier layer
 * @param toLayer the later layer
 * @param relativeChange mean over positions of ||resid_post[toLayer] -
 * resid_post[fromLayer]|| / ||resid_post[fromLayer]||
 * @param cosine mean over positions of cosine(resid_post[fromLayer], resid_post[toLayer])
 * @param relativeChangePerPosition [pos] the relative change at each position
 * @param cosinePerPosition [pos] the cosine at each position
 */
public record ResidualMovement(String metric, int fromLayer, int toLayer, double relativeChange, double cosine,
		float[] relativeChangePerPosition, float[] cosinePerPosition) {
}
