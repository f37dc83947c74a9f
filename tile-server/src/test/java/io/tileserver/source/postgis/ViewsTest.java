package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Views and materialized views are published and served like tables, as in Martin: each tile holds
 * what PostGIS makes of the relation's rows ({@link TableTileOracle}).
 */
class ViewsTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("views", "points", "matview");
    db.execute("""
        CREATE VIEW cheap_points AS SELECT id, name, price, geom FROM points WHERE price < 500000;
        CREATE VIEW mercator_view AS
          SELECT id, name, ST_Transform(geom, 3857)::geometry(Point, 3857) AS geom FROM points;
        """);
    sources = db.discover("database:\n  url: ${DB}\n");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static void assertServesItsRows(String id, String relation) throws SQLException {
    byte[] served = tile(source(sources, id), 14, 2624, 5721, FilterSet.NONE);
    assertThat(TableTileOracle.served(served)).as(id).isNotEmpty()
        .containsExactlyElementsOf(TableTileOracle.expected(db.url, relation, "geom", null, 14, 2624, 5721));
  }

  @Test
  void viewsAndMaterializedViewsArePublished() {
    assertThat(sources).extracting(TileSource::id).contains("cheap_points", "mercator_view", "point_grid");
    assertThat(source(sources, "cheap_points").info().layers().get(0).fields())
        .containsOnlyKeys("id", "name", "price");
  }

  @Test
  void aViewServesTheRowsItSelects() throws SQLException {
    assertServesItsRows("cheap_points", "public.cheap_points");
    assertServesItsRows("mercator_view", "public.mercator_view");
  }

  @Test
  void aMaterializedViewServesItsRows() throws SQLException {
    assertServesItsRows("point_grid", "public.point_grid");
  }
}
