package io.tileserver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configuration as the server will run it, defaults filled in, for the start-up log: secrets
 * (keys named like password, secret or token; passwords inside URLs) are masked.
 */
public final class EffectiveConfig {
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token).*");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@]+:)[^@/]*@");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

  private EffectiveConfig() {}

  public static String describe(ServerConfig config) {
    JsonNode tree = MAPPER.valueToTree(config);
    redact(tree);
    return tree.toString();
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode value = field.getValue();
        if (value.isTextual() && SECRET_KEY.matcher(field.getKey()).matches()) {
          field.setValue(TextNode.valueOf("***"));
        } else if (value.isTextual()) {
          field.setValue(TextNode.valueOf(URL_PASSWORD.matcher(value.asText()).replaceAll("$1***@")));
        } else {
          redact(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      // Lists hold URLs too (database.replicas, redis.endpoints).
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(URL_PASSWORD.matcher(array.get(i).asText()).replaceAll("$1***@")));
        } else {
          redact(array.get(i));
        }
      }
    }
  }
}
