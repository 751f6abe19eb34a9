/**
 * The experiment bench's records in PostgreSQL: experiments and their content-addressed
 * versions.
 */
@NullMarked
package dev.arrakis.app.bench;

import org.jspecify.annotations.NullMarked;
