package io.tileserver.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterSetTest {
  private static final Map<String, FilterSpec> LISTINGS = Map.of(
      "minPrice", new FilterSpec("price", FilterOp.GE, FilterType.NUMBER, null, 0.0, null, null),
      "beds", new FilterSpec("bedrooms", FilterOp.GE, FilterType.INT, null, 0.0, 50.0, null),
      "type", new FilterSpec("property_type", FilterOp.IN, FilterType.TEXT,
          List.of("house", "condo", "townhouse", "apartment", "land"), null, null, null),
      "status", new FilterSpec("status", FilterOp.EQ, FilterType.TEXT, List.of("active", "pending", "sold"), null, null, null),
      "pool", new FilterSpec("has_pool", FilterOp.EQ, FilterType.BOOL, null, null, null, null));

  private static FilterSet parse(Map<String, List<String>> query) {
    return FilterSet.parse(LISTINGS, query);
  }

  @Test
  void equivalentQueriesHaveOneCanonicalForm() {
    FilterSet a = parse(Map.of("beds", List.of("3"), "minPrice", List.of("1e5")));
    FilterSet b = parse(Map.of("minPrice", List.of("100000"), "beds", List.of("03")));
    FilterSet c = parse(Map.of("minPrice", List.of("100000.00"), "beds", List.of("3.0")));
    assertThat(a.canonical()).isEqualTo("beds=3&minPrice=100000");
    assertThat(a).isEqualTo(b).isEqualTo(c);
  }

  @Test
  void inListsAreSortedAndDeduplicated() {
    assertThat(parse(Map.of("type", List.of("land,condo,house,condo"))).canonical())
        .isEqualTo("type=condo,house,land");
  }

  @Test
  void valuesAreTyped() {
    FilterSet set = parse(Map.of("beds", List.of("4"), "minPrice", List.of("250000.5"), "pool", List.of("YES")));
    assertThat(set.values()).extracting(FilterValue::value).containsExactly(4L, 250000.5, true);
  }

  @Test
  void anUndeclaredParameterNamesTheOnesThatAreAccepted() {
    assertThatThrownBy(() -> parse(Map.of("bedrooms", List.of("3"))))
        .isInstanceOfSatisfying(FilterException.class, e -> {
          assertThat(e.parameter()).isEqualTo("bedrooms");
          assertThat(e.received()).isEqualTo("3");
          assertThat(e.accepted()).isEqualTo("one of beds, minPrice, pool, status, type");
        });
  }

  @Test
  void badValuesSayWhatIsAccepted() {
    assertThatThrownBy(() -> parse(Map.of("beds", List.of("three"))))
        .isInstanceOfSatisfying(FilterException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("query parameter `beds` is not an integer");
          assertThat(e.accepted()).isEqualTo("an integer in 0..50");
        });
    assertThatThrownBy(() -> parse(Map.of("beds", List.of("51")))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> parse(Map.of("beds", List.of("3.5")))).hasMessageContaining("not an integer");
    assertThatThrownBy(() -> parse(Map.of("minPrice", List.of("NaN")))).hasMessageContaining("not a number");
    assertThatThrownBy(() -> parse(Map.of("minPrice", List.of("-1")))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> parse(Map.of("status", List.of("rented"))))
        .isInstanceOfSatisfying(FilterException.class,
            e -> assertThat(e.accepted()).isEqualTo("one of active, pending, sold"));
    assertThatThrownBy(() -> parse(Map.of("type", List.of("house,castle")))).hasMessageContaining("not an allowed value");
    assertThatThrownBy(() -> parse(Map.of("beds", List.of("")))).hasMessageContaining("is empty");
  }

  @Test
  void aRepeatedParameterIsRefused() {
    assertThatThrownBy(() -> parse(Map.of("beds", List.of("2", "3")))).hasMessageContaining("is given 2 times");
  }

  @Test
  void hugeAndHostileValuesAreRefusedAndNotEchoedInFull() {
    Map<String, FilterSpec> free = Map.of("city", new FilterSpec("city", null, null, null, null, null, null));
    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> FilterSet.parse(free, Map.of("city", List.of(huge))))
        .isInstanceOfSatisfying(FilterException.class, e -> assertThat(e.received()).hasSizeLessThan(70));
    FilterSet hostile = FilterSet.parse(free, Map.of("city", List.of("'; DROP TABLE properties; --")));
    assertThat(hostile.values()).extracting(FilterValue::value).containsExactly("'; DROP TABLE properties; --");
  }

  @Test
  void restrictingToASourcesFiltersKeepsOnlyItsOwn() {
    FilterSet set = parse(Map.of("beds", List.of("3"), "status", List.of("sold")));
    assertThat(set.restrictTo(Map.of("beds", LISTINGS.get("beds"))).canonical()).isEqualTo("beds=3");
  }
}
