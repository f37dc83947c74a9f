package io.tileserver.config.martin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Martin's documented keys (maplibre.org/martin, "Configuration File") read as ours. */
class MartinConfigTest {
  private static Object yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  private static MartinConfig.Translation translate(String text) {
    return MartinConfig.translate(yaml(text));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(MartinConfig.Translation translation, String name) {
    return (Map<String, Object>) translation.config().get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> source(MartinConfig.Translation translation, String id) {
    return (Map<String, Object>) section(translation, "sources").get(id);
  }

  @Test
  void aFileWithMartinsKeysIsMartinsAndOursIsNot() {
    assertThat(MartinConfig.isMartin(yaml("postgres:\n  connection_string: postgresql://a@b/c\n"))).isTrue();
    assertThat(MartinConfig.isMartin(yaml("listen_addresses: 0.0.0.0:3000\n"))).isTrue();
    assertThat(MartinConfig.isMartin(yaml("server:\n  port: 3000\ndatabase:\n  url: postgresql://a@b/c\n")))
        .isFalse();
    assertThat(MartinConfig.isMartin(yaml("cache:\n  max-size-mb: 10\n"))).isFalse();
    assertThat(MartinConfig.isMartin(yaml("sprites:\n  paths: [/srv/icons]\nstyles:\n  paths: [/srv/s]\n"))).isFalse();
  }

  @Test
  void serverKeysBecomeOurs() {
    MartinConfig.Translation martin = translate("""
        listen_addresses: "127.0.0.1:3111"
        keep_alive: 30
        base_path: /maps
        cache_size_mb: 400
        preferred_encoding: gzip
        cors:
          origin: [https://example.org]
        """);
    assertThat(section(martin, "server")).containsEntry("host", "127.0.0.1").containsEntry("port", 3111)
        .containsEntry("base-path", "/maps").containsEntry("preferred-encoding", "gzip")
        .containsEntry("cors-origins", List.of("https://example.org"));
    assertThat(section(martin, "limits")).containsEntry("idle-timeout-seconds", 30);
    assertThat(section(martin, "cache")).as("Martin gives tiles half of cache_size_mb")
        .containsEntry("max-size-mb", 200);
    assertThat(section(martin, "schema")).as("a Martin database is never migrated")
        .containsEntry("migrate-on-start", false);
    assertThat(martin.config()).doesNotContainKey("redis");
  }

  @Test
  void theCacheSectionAndCorsOffAreRead() {
    MartinConfig.Translation martin = translate("""
        cache:
          size_mb: 100
          tile_size_mb: 64
          expiry: 1h 30m
          minzoom: 2
          maxzoom: 12
        cors: false
        """);
    assertThat(section(martin, "cache")).containsEntry("max-size-mb", 64).containsEntry("ttl-seconds", 5400)
        .containsEntry("minzoom", 2).containsEntry("maxzoom", 12);
    assertThat(section(martin, "server")).containsEntry("cors-origins", List.of());
    assertThat(section(translate("cache: disable\n"), "cache")).containsEntry("max-size-mb", 0);
  }

  @Test
  void postgresBecomesTheDatabaseAndItsTableAndFunctionEntriesSources() {
    MartinConfig.Translation martin = translate("""
        postgres:
          connection_string: postgresql://u:p@db:5432/gis
          default_srid: 4326
          pool_size: 12
          max_feature_count: 1000
          auto_bounds: skip
          tables:
            roads:
              schema: public
              table: road_lines
              srid: 3857
              geometry_column: geom
              id_column: gid
              layer_id: road
              minzoom: 4
              maxzoom: 14
              bounds: [-10.0, 40.0, 5.0, 52.0]
              extent: 8192
              buffer: 32
              clip_geom: false
              geometry_type: LINESTRING
              properties:
                name: text
                lanes: int4
          functions:
            heat:
              schema: public
              function: heat_tiles
              minzoom: 0
              maxzoom: 10
        """);
    assertThat(section(martin, "database")).containsEntry("url", "postgresql://u:p@db:5432/gis")
        .containsEntry("default-srid", 4326).containsEntry("pool-size", 12).containsEntry("max-features", 1000)
        .containsEntry("auto-bounds", "skip");
    assertThat(source(martin, "roads")).containsEntry("kind", "table").containsEntry("table", "road_lines")
        .containsEntry("srid", 3857).containsEntry("geometry-column", "geom").containsEntry("id-column", "gid")
        .containsEntry("layer", "road").containsEntry("minzoom", 4).containsEntry("maxzoom", 14)
        .containsEntry("extent", 8192).containsEntry("buffer", 32).containsEntry("clip", false)
        .containsEntry("properties", List.of("name", "lanes"))
        .containsEntry("bounds", List.of(-10.0, 40.0, 5.0, 52.0));
    assertThat(source(martin, "heat")).containsEntry("kind", "function").containsEntry("function", "heat_tiles")
        .containsEntry("maxzoom", 10);
    assertThat(section(martin, "database").get("auto-publish")).as("configured sources turn discovery off")
        .isEqualTo(Map.of("tables", false, "functions", false, "schemas", List.of("*")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aListOfConnectionsIsOurDatabaseAndItsOthersWhoseSourcesNameTheirDatabase() {
    MartinConfig.Translation martin = translate("""
        postgres:
          - connection_string: postgresql://u@a/one
            default_srid: 4326
          - connection_string: postgresql://u@b/two
            default_srid: 3857
            tables:
              roads: {schema: public, table: roads, srid: 3857, geometry_column: geom}
        """);
    Map<String, Object> database = section(martin, "database");
    assertThat(database).containsEntry("url", "postgresql://u@a/one").containsEntry("default-srid", 4326);
    Map<String, Object> two = (Map<String, Object>) ((Map<String, Object>) database.get("others")).get("pg2");
    assertThat(two).containsEntry("url", "postgresql://u@b/two").containsEntry("default-srid", 3857);
    assertThat(source(martin, "roads")).containsEntry("database", "pg2").containsEntry("kind", "table");
  }

  @Test
  void withNothingConfiguredEveryTableAndFunctionOfEverySchemaIsPublished() {
    MartinConfig.Translation martin = translate("postgres:\n  connection_string: postgresql://u@db/gis\n");
    assertThat(section(martin, "database").get("auto-publish"))
        .isEqualTo(Map.of("tables", true, "functions", true, "schemas", List.of("*")));
  }

  @Test
  void autoPublishNamingOnlyTablesTurnsFunctionsOffAndAddsItsSchemas() {
    MartinConfig.Translation martin = translate("""
        postgres:
          connection_string: postgresql://u@db/gis
          auto_publish:
            from_schemas: [public]
            tables:
              from_schemas: extra
              source_id_format: "{schema}.{table}.{column}"
              id_columns: [feature_id, gid]
              extent: 512
              buffer: 8
              clip_geom: false
        """);
    assertThat(section(martin, "database").get("auto-publish")).isEqualTo(Map.of(
        "schemas", List.of("public"), "tables", true, "functions", false,
        "table-schemas", List.of("public", "extra"), "table-id-format", "{schema}.{table}.{column}",
        "id-columns", List.of("feature_id", "gid"), "extent", 512, "buffer", 8, "clip", false));
  }

  @Test
  void aKeyThisServerDoesNotHonourStopsTheStartByDefaultNamingIt() {
    assertThatThrownBy(() -> translate("route_prefix: /tiles\npostgres:\n  ssl_cert: ./c.crt\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`route_prefix`").hasMessageContaining("`postgres.ssl_cert`")
        .hasMessageContaining("on_invalid: warn");
  }

  @Test
  void withOnInvalidWarnSuchKeysAndUnknownOnesAreWarnings() {
    MartinConfig.Translation martin = translate("""
        on_invalid: warn
        route_prefix: /tiles
        listen_addresses: "[::]:3000"
        no_such_key: 1
        postgres:
          connection_string: postgresql://u@db/gis
          nonsense: true
        """);
    assertThat(martin.warnings()).anyMatch(w -> w.contains("`route_prefix`") && w.contains("ignored"))
        .anyMatch(w -> w.equals("unknown Martin config key `no_such_key`; ignored"))
        .anyMatch(w -> w.equals("unknown Martin config key `postgres.nonsense`; ignored"));
    assertThat(section(martin, "server")).containsEntry("host", "::");
  }

  @Test
  void archivesComeFromPathsAndNamedSourcesWithDuplicateIdsSuffixed(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("a"));
    Files.writeString(dir.resolve("a/world.mbtiles"), "");
    Files.writeString(dir.resolve("a/roads.mbtiles"), "");
    Files.writeString(dir.resolve("a/readme.txt"), "");
    Files.writeString(dir.resolve("world.pmtiles"), "");
    MartinConfig.Translation martin = translate("mbtiles:\n  paths: [" + dir.resolve("a") + "]\n"
        + "  sources:\n    base: {path: " + dir.resolve("a/world.mbtiles") + "}\n"
        + "pmtiles:\n  paths: " + dir.resolve("world.pmtiles") + "\n");
    assertThat(section(martin, "sources")).containsOnlyKeys("roads", "world", "base", "world.1");
    assertThat(source(martin, "world")).containsEntry("kind", "mbtiles")
        .containsEntry("file", dir.resolve("a/world.mbtiles").toString());
    assertThat(source(martin, "world.1")).containsEntry("kind", "pmtiles");
  }

  @Test
  void fontFilesAndDirectoriesAreOursAsTheyAre() {
    MartinConfig.Translation martin = translate(
        "fonts:\n  paths: [/srv/fonts, /opt/Noto.ttf]\n  sources: {emoji: /opt/Emoji.ttf}\n  cache_size_mb: 16\n");
    assertThat(section(martin, "fonts")).containsEntry("paths", List.of("/srv/fonts", "/opt/Noto.ttf", "/opt/Emoji.ttf"))
        .containsEntry("cache-size-mb", 16);
  }

  @Test
  void remoteArchivesAreNotServed() {
    assertThatThrownBy(() -> translate("pmtiles:\n  sources:\n    web: https://example.org/a.pmtiles\n"))
        .hasMessageContaining("only local files");
  }

  @Test
  void spriteDirectoriesAndStyleFilesBecomeOurs() {
    MartinConfig.Translation martin = translate("""
        postgres:
          connection_string: postgresql://a@b/c
        sprites:
          paths: /srv/icons
          sources:
            brand: /srv/brand
            logos: {path: /srv/logos}
          cache_size_mb: 8
        styles:
          paths: [/srv/styles, /srv/one.json]
          sources:
            night: /srv/night.json
        """);
    assertThat(section(martin, "sprites")).containsEntry("paths", List.of("/srv/icons"))
        .containsEntry("sources", Map.of("brand", "/srv/brand", "logos", "/srv/logos"));
    assertThat(section(martin, "styles")).containsEntry("paths", List.of("/srv/styles", "/srv/one.json"))
        .containsEntry("sources", Map.of("night", "/srv/night.json"));
    assertThat(martin.warnings()).containsExactly(
        "Martin config key `sprites.cache_size_mb` changes nothing here: sprite sheets are drawn at start and kept");
  }

  @Test
  void spriteAliasesAndStyleRenderingAreRefused() {
    assertThatThrownBy(() -> translate("sprites:\n  paths: [/srv/a, /srv/b]\n  aliases:\n    icons: [a, b]\n"))
        .hasMessageContaining("`sprites.aliases`").hasMessageContaining("/sprite/a,b.json");
    assertThatThrownBy(() -> translate("postgres: {connection_string: postgresql://a@b/c}\nstyles:\n  rendering: true\n"))
        .hasMessageContaining("`styles.rendering`");
  }
}
