package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.tile.TileCoord;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("tiles:");
  private final TileCoord coord = new TileCoord(14, 2624, 5721);

  @Test
  void aKeyNamesTheFormatSourcesTileVersionAndFilters() {
    TileKey key = new TileKey("properties,zip_areas", coord, "beds=3&minPrice=100000", 12);

    assertThat(keys.tile(key)).isEqualTo("tiles:t1:properties,zip_areas:14/2624/5721:v12:beds=3&minPrice=100000");
  }

  @Test
  void everyPartOfTheIdentityChangesTheKey() {
    TileKey base = new TileKey("properties", coord, "beds=3", 1);

    assertThat(List.of(
        keys.tile(base),
        keys.tile(new TileKey("properties", coord, "beds=4", 1)),
        keys.tile(new TileKey("properties", coord, "", 1)),
        keys.tile(new TileKey("properties", coord, "beds=3", 2)),
        keys.tile(new TileKey("zip_areas", coord, "beds=3", 1)),
        keys.tile(new TileKey("properties", new TileCoord(14, 2624, 5722), "beds=3", 1)),
        new RedisKeys("staging:").tile(base))).doesNotHaveDuplicates();
  }

  @Test
  void longFilterStringsAndSourceListsAreHashedToKeepKeysShort() {
    String filters = "baths=2&beds=3&maxPrice=900000&minPrice=100000&status=active,pending&type=condo,house,townhouse";
    String sources = "a_very_long_source_name_one,a_very_long_source_name_two,a_very_long_source_name_three";

    String key = keys.tile(new TileKey(sources, coord, filters, 0));
    String otherFilters = keys.tile(new TileKey(sources, coord, filters.replace("beds=3", "beds=4"), 0));

    assertThat(key).matches("tiles:t1:#[A-Za-z0-9_-]{22}:14/2624/5721:v0:#[A-Za-z0-9_-]{22}");
    assertThat(key.length()).isLessThan(filters.length() + sources.length());
    assertThat(otherFilters).isNotEqualTo(key);
  }
}
