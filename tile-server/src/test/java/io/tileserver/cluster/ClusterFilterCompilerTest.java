package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterFilterCompilerTest {
  private static ClusterIndex index;

  @BeforeAll
  static void build() {
    ClusterColumns columns = new ClusterColumns("properties", "id", "geom", "price", "bedrooms", "bathrooms", "sqft",
        "property_type", null);
    ClusterIndexBuilder builder = new ClusterIndexBuilder(columns, 0);
    builder.add(1, -100, 40, 250_000, 3, 2.0, 1500, "house", null);
    builder.add(2, -100.1, 40, 900_000, 4, 3.5, 2600, "condo", null);
    builder.add(3, -100.2, 40, -1, -1, Double.NaN, -1, null, null);
    index = builder.build();
  }

  private static FilterSet filters(String parameter, FilterSpec spec, String value) {
    return FilterSet.parse(Map.of(parameter, spec), Map.of(parameter, List.of(value)));
  }

  private static List<Long> matchingIds(FilterSet filters) {
    ClusterFilter filter = ClusterFilter.compile(filters, index);
    return IntStream.range(0, index.size()).filter(r -> filter.matches(index, r)).mapToObj(index::id).sorted().toList();
  }

  @Test
  void aFilterOnAColumnTheIndexDoesNotKeepIsRefusedByName() {
    FilterSpec spec = GeneratedListings.spec("status", FilterOp.EQ, FilterType.TEXT);
    assertThatThrownBy(() -> ClusterFilter.compile(filters("listingStatus", spec, "sold"), index))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter listingStatus (status =)")
        .hasMessageContaining("column status is not kept");
  }

  @Test
  void unsupportedOperatorsAreRefusedWhenDeclared() {
    ClusterColumns columns = ClusterColumns.properties();
    assertThatThrownBy(() -> ClusterFilterCompiler.check(
            Map.of("notPrice", GeneratedListings.spec("price", FilterOp.NE, FilterType.INT)), columns))
        .hasMessageContaining("filter notPrice").hasMessageContaining("op != is not supported on number column price");
    assertThatThrownBy(() -> ClusterFilterCompiler.check(
            Map.of("typeAfter", GeneratedListings.spec("property_type", FilterOp.GT, FilterType.TEXT)), columns))
        .hasMessageContaining("filter typeAfter").hasMessageContaining("op > is not supported on text column");
    assertThatThrownBy(() -> ClusterFilterCompiler.check(
            Map.of("cheap", GeneratedListings.spec("price", FilterOp.EQ, FilterType.BOOL)), columns))
        .hasMessageContaining("filter cheap").hasMessageContaining("needs type int or number");
  }

  @Test
  void aTextValueMissingFromTheDictionaryMatchesNothing() {
    FilterSpec spec = GeneratedListings.spec("property_type", FilterOp.EQ, FilterType.TEXT);
    ClusterFilter filter = ClusterFilter.compile(filters("type", spec, "castle"), index);
    assertThat(filter.matchesNothing()).isTrue();
    assertThat(matchingIds(filters("type", spec, "castle"))).isEmpty();
  }

  @Test
  void inAdmitsTheKnownValuesOfItsList() {
    FilterSpec spec = GeneratedListings.spec("property_type", FilterOp.IN, FilterType.TEXT);
    assertThat(matchingIds(filters("type", spec, "castle,condo"))).containsExactly(2L);
  }

  @Test
  void notEqualExcludesTheValueAndNullLikeSql() {
    FilterSpec spec = GeneratedListings.spec("property_type", FilterOp.NE, FilterType.TEXT);
    assertThat(matchingIds(filters("notType", spec, "house"))).containsExactly(2L);
    assertThat(matchingIds(filters("notType", spec, "castle"))).containsExactly(1L, 2L);
  }

  @Test
  void numberRangesNeverAdmitNull() {
    FilterSpec spec = GeneratedListings.spec("price", FilterOp.LE, FilterType.INT);
    assertThat(matchingIds(filters("maxPrice", spec, "1000000"))).containsExactly(1L, 2L);
    FilterSpec sqft = GeneratedListings.spec("sqft", FilterOp.LT, FilterType.INT);
    assertThat(matchingIds(filters("maxSqft", sqft, "2600"))).containsExactly(1L);
  }

  @Test
  void bathroomBoundsAreRoundedOntoHalfSteps() {
    FilterSpec ge = GeneratedListings.spec("bathrooms", FilterOp.GE, FilterType.NUMBER);
    assertThat(matchingIds(filters("minBaths", ge, "2.25"))).containsExactly(2L);
    assertThat(matchingIds(filters("minBaths", ge, "2"))).containsExactly(1L, 2L);
    FilterSpec eq = GeneratedListings.spec("bathrooms", FilterOp.EQ, FilterType.NUMBER);
    assertThat(matchingIds(filters("baths", eq, "3.5"))).containsExactly(2L);
    assertThat(matchingIds(filters("baths", eq, "3.4"))).isEmpty();
  }

  @Test
  void severalFiltersOnOneColumnIntersect() {
    Map<String, FilterSpec> declared = Map.of(
        "minPrice", GeneratedListings.spec("price", FilterOp.GT, FilterType.INT),
        "maxPrice", GeneratedListings.spec("price", FilterOp.LT, FilterType.NUMBER));
    FilterSet both = FilterSet.parse(declared, Map.of("minPrice", List.of("250000"), "maxPrice", List.of("1e6")));
    assertThat(matchingIds(both)).containsExactly(2L);
    FilterSet empty = FilterSet.parse(declared, Map.of("minPrice", List.of("900000"), "maxPrice", List.of("800000")));
    assertThat(ClusterFilter.compile(empty, index).matchesNothing()).isTrue();
  }

  @Test
  void noFiltersCompileToTheFilterThatTestsNothing() {
    ClusterFilter filter = ClusterFilter.compile(FilterSet.NONE, index);
    assertThat(filter.isEmpty()).isTrue();
    assertThat(matchingIds(FilterSet.NONE)).containsExactly(1L, 2L, 3L);
  }
}
