package io.tileserver.source.postgis;

/** A resolved PostGIS source, before it is built: a table or a function. */
sealed interface SourceSpec permits TableSourceSpec, FunctionSourceSpec {
  String id();

  /** What the source serves, for the startup log: {@code table public.points.geom (POINT, SRID 4326)}. */
  String origin();
}
