/**
 * The Spring Boot shell around the engine: one package per feature ({@code models}, later
 * {@code runs}, {@code tools}, {@code experiments}, {@code jobs}, {@code accounts}), plus
 * {@code web} for cross-cutting HTTP concerns and {@code database} for the PostgreSQL
 * wiring. Only this package tree may use Spring or JPA; the core packages
 * ({@code engine}, later {@code tools} and {@code bench}) stay plain Java (checked by
 * {@code ArchitectureRulesTest}).
 */
@NullMarked
package dev.arrakis.app;

import org.jspecify.annotations.NullMarked;
