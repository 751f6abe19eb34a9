package dev.arrakis.app.models;

import org.springframework.data.jpa.repository.JpaRepository;

/** The history of model unloads; {@link ModelRegistry} appends one row per unload. */
interface ModelUnloadRepository extends JpaRepository<ModelUnload, Long> {

}
