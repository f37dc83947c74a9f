package io.tileserver.cluster;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.filter.FilterValue;
import java.util.List;
import java.util.Map;

/**
 * Turns declared, parsed filters into a {@link ClusterFilter}. Number columns take =, <, <=, >, >=
 * with an int or number value; dictionary columns take =, != and in with text. Anything else — a
 * column the index does not keep, != on a number, an ordering on text — is refused with a message
 * naming the filter, so a source can reject its config at start with {@link #check}.
 *
 * <p>Ranges are computed on the packed scale: {@code bathrooms >= 2.25} becomes half-steps ≥ 5.
 * Several filters on one column intersect. A text value the index has never seen admits nothing.
 */
public final class ClusterFilterCompiler {
  private ClusterFilterCompiler() {}

  /** Throws {@link IllegalArgumentException} naming {@code parameter} when the index cannot apply it. */
  public static ClusterAttribute check(String parameter, FilterSpec spec, ClusterColumns columns) {
    ClusterAttribute attribute = columns.attributeOf(spec.column());
    if (attribute == null) {
      throw refuse(parameter, spec, "column " + spec.column() + " is not kept by the cluster index (kept: "
          + String.join(", ", columns.kept().values()) + ")");
    }
    if (attribute.kind() == ClusterAttribute.Kind.NUMBER) {
      if (spec.op() == FilterOp.NE || spec.op() == FilterOp.IN) {
        throw refuse(parameter, spec, "op " + spec.op().symbol() + " is not supported on number column "
            + spec.column() + "; use =, <, <=, > or >=");
      }
      if (spec.type() != FilterType.INT && spec.type() != FilterType.NUMBER) {
        throw refuse(parameter, spec, "number column " + spec.column() + " needs type int or number, not "
            + spec.type().yamlName());
      }
    } else {
      if (spec.op().isOrdering()) {
        throw refuse(parameter, spec, "op " + spec.op().symbol() + " is not supported on text column "
            + spec.column() + "; use =, != or in");
      }
      if (spec.type() != FilterType.TEXT) {
        throw refuse(parameter, spec, "text column " + spec.column() + " needs type text, not "
            + spec.type().yamlName());
      }
    }
    return attribute;
  }

  /** Checks every declared filter; see {@link #check(String, FilterSpec, ClusterColumns)}. */
  public static void check(Map<String, FilterSpec> declared, ClusterColumns columns) {
    declared.forEach((parameter, spec) -> check(parameter, spec, columns));
  }

  public static ClusterFilter compile(FilterSet filters, ClusterIndex index) {
    boolean[] ranged = new boolean[4];
    long[] low = {0, 0, 0, 0};
    long[] high = {ClusterIndexBuilder.MAX_PRICE, Byte.MAX_VALUE, Byte.MAX_VALUE, Integer.MAX_VALUE};
    long[][] masks = new long[2][];
    for (FilterValue value : filters.values()) {
      ClusterAttribute attribute = check(value.parameter(), value.spec(), index.columns());
      if (attribute.kind() == ClusterAttribute.Kind.NUMBER) {
        int c = attribute.ordinal();
        ranged[c] = true;
        double w = ((Number) value.value()).doubleValue() * attribute.scale();
        switch (value.spec().op()) {
          case EQ -> {
            boolean whole = w == Math.rint(w);
            low[c] = Math.max(low[c], whole ? clamp(w) : Long.MAX_VALUE);
            high[c] = Math.min(high[c], whole ? clamp(w) : Long.MIN_VALUE);
          }
          case GE -> low[c] = Math.max(low[c], clamp(Math.ceil(w)));
          case GT -> low[c] = Math.max(low[c], clamp(Math.floor(w) + 1));
          case LE -> high[c] = Math.min(high[c], clamp(Math.floor(w)));
          case LT -> high[c] = Math.min(high[c], clamp(Math.ceil(w) - 1));
          default -> throw new IllegalStateException("checked above: " + value.spec().op());
        }
      } else {
        int m = attribute == ClusterAttribute.PROPERTY_TYPE ? 0 : 1;
        AttributeDictionary dictionary = index.dictionary(attribute);
        if (masks[m] == null) {
          masks[m] = allValues();
        }
        restrict(masks[m], dictionary, value);
      }
    }
    boolean nothing = false;
    int[] lows = new int[4];
    long[] spans = new long[4];
    for (int c = 0; c < 4; c++) {
      nothing |= ranged[c] && low[c] > high[c];
      lows[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, low[c]));
      spans[c] = Math.max(0, high[c] - low[c]);
    }
    for (long[] mask : masks) {
      nothing |= mask != null && (mask[0] | mask[1] | mask[2] | mask[3]) == 0;
    }
    return new ClusterFilter(filters.canonical(), nothing, ranged, lows, spans, masks[0], masks[1]);
  }

  private static void restrict(long[] mask, AttributeDictionary dictionary, FilterValue value) {
    List<Object> items = value.spec().op() == FilterOp.IN ? value.items() : List.of(value.value());
    long[] chosen = new long[4];
    for (Object item : items) {
      int code = dictionary.lookup((String) item);
      if (code >= 0) {
        chosen[code >>> 6] |= 1L << code;
      }
    }
    for (int w = 0; w < 4; w++) {
      mask[w] &= value.spec().op() == FilterOp.NE ? ~chosen[w] : chosen[w];
    }
  }

  /**
   * Bits of every code a value can have, NULL excluded (NULL never equals or differs in SQL). Codes
   * not given yet are included, so {@code !=} stays right when a live index learns a new value.
   */
  private static long[] allValues() {
    long[] mask = new long[4];
    for (int code = 0; code < AttributeDictionary.CAPACITY; code++) {
      mask[code >>> 6] |= 1L << code;
    }
    return mask;
  }

  private static long clamp(double v) {
    return (long) Math.max(-1, Math.min(Integer.MAX_VALUE + 1L, v));
  }

  private static IllegalArgumentException refuse(String parameter, FilterSpec spec, String why) {
    return new IllegalArgumentException("filter " + parameter + " (" + spec.column() + " " + spec.op().symbol()
        + ") cannot be applied by the cluster index: " + why);
  }
}
