/**
 * Linear probes (Alain and Bengio 2016; Belinkov 2022): multinomial logistic regression
 * on a hook's cached activations at one position, with a seeded, stratified held-out
 * split, and the standard sweep over layers.
 */
@NullMarked
package dev.arrakis.tools.knowledge;

import org.jspecify.annotations.NullMarked;
