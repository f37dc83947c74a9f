package io.tileserver.source.postgis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prints the tile SQL the server runs for unfiltered tiles of the named sources, as pgbench
 * statements, so {@code bench/load/cold-tiles.sh} compares the server with exactly its own query.
 *
 * <pre>{@code java -cp tile-server.jar:<classes> io.tileserver.source.postgis.PrintTileSql CONFIG OUT_DIR ID...}</pre>
 *
 * <p>It discovers the sources the way the server does at start ({@link PostgisSources#discover}, the
 * catalog and config of {@code CONFIG}) and asks each for its SQL ({@code PostgisTableSource.sql},
 * {@code PostgisFunctionSource.sql}); it lives in the sources' package for that access. For each id
 * it writes {@code OUT_DIR/ID.sql}: the statement with the server's bind parameters turned into
 * pgbench variables ({@code $1..$3} become {@code :z :x :y}; a table's {@code $4} layer and {@code $5}
 * id column become {@code :ID_layer} and {@code :ID_idcol}; a function's {@code $4} query becomes
 * {@code :ID_query}), and {@code OUT_DIR/ID.define}: the {@code -D name=value} options giving those
 * string variables the values the server binds. With {@code -M prepared} pgbench sends each variable
 * as a bind parameter, so PostgreSQL prepares the same text shape the server prepares. The raw text
 * (with {@code $n}) goes to {@code OUT_DIR/ID.raw.sql}, for comparing with {@code pg_stat_activity}.
 */
public final class PrintTileSql {
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)(?!\\d)");

  private PrintTileSql() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: PrintTileSql CONFIG OUT_DIR SOURCE_ID...");
      System.exit(2);
    }
    ServerConfig config = new ConfigLoader(EnvSubstitution.fromSystem()).load(Path.of(args[0]));
    Path out = Files.createDirectories(Path.of(args[1]));
    Vertx vertx = Vertx.vertx();
    try {
      ReadPools reads = ReadPools.create(vertx, "tile-server-postgis", config.database().parsedUrl(),
          config.database(), config.limits(), new SimpleMeterRegistry());
      // The sources as the server builds them; a table's spec gives the bound values (layer, id column).
      List<TileSource> sources = await(PostgisSources.discover(reads, config));
      Map<String, TileSource> byId = sources.stream().collect(Collectors.toMap(TileSource::id, Function.identity()));
      for (int i = 2; i < args.length; i++) {
        String id = args[i];
        TileSource source = byId.get(id);
        if (source == null) {
          throw new IllegalArgumentException("no PostGIS source " + id + " in " + args[0] + "; it has " + byId.keySet());
        }
        String var = id.replaceAll("[^A-Za-z0-9_]", "_");
        String raw;
        String[] names;
        StringBuilder defines = new StringBuilder();
        switch (source) {
          case PostgisTableSource table -> {
            raw = table.sql(FilterSet.NONE);
            TableSourceSpec spec = table.spec();
            names = new String[] {"z", "x", "y", var + "_layer", var + "_idcol"};
            defines.append("-D ").append(var).append("_layer=").append(spec.layer()).append('\n');
            if (spec.idColumn() != null) {
              defines.append("-D ").append(var).append("_idcol=").append(spec.idColumn()).append('\n');
            }
            if (spec.idColumn() == null) {
              // The server binds NULL; pgbench cannot define a NULL variable, so the literal stands in.
              raw = raw.replace("$5::text", "NULL::text");
            }
          }
          case PostgisFunctionSource function -> {
            raw = function.sql();
            names = new String[] {"z", "x", "y", var + "_query"};
            // An unfiltered request: the server binds the empty query object (PostgisFunctionSource.queryJson).
            defines.append("-D ").append(var).append("_query=")
                .append(PostgisFunctionSource.queryJson(FilterSet.NONE).encode()).append('\n');
          }
          default -> throw new IllegalArgumentException(id + " is not a table or function source");
        }
        Matcher m = PARAMETER.matcher(raw);
        StringBuilder pgbench = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(pgbench, Matcher.quoteReplacement(":" + names[Integer.parseInt(m.group(1)) - 1]));
        }
        m.appendTail(pgbench);
        // pgbench reads one statement per ';'-terminated (possibly multi-line) command.
        Files.writeString(out.resolve(id + ".sql"), pgbench + ";\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve(id + ".raw.sql"), raw, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(id + ".define"), defines.toString(), StandardCharsets.UTF_8);
        System.out.println(id + ": " + out.resolve(id + ".sql"));
      }
      await(reads.close());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }
}
