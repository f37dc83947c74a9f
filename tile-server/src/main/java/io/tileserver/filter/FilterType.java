package io.tileserver.filter;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The type a filter's URL value is parsed as, and the SQL type it is bound with. */
public enum FilterType {
  INT("int8"),
  NUMBER("float8"),
  TEXT("text"),
  BOOL("bool");

  private final String sqlType;

  FilterType(String sqlType) {
    this.sqlType = sqlType;
  }

  /** The PostgreSQL type the bound parameter is cast to, so the driver encodes it right. */
  public String sqlType() {
    return sqlType;
  }

  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
