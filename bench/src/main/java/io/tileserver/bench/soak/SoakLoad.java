package io.tileserver.bench.soak;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fleet soak's load: virtual map users joining one by one up to {@code users} over
 * {@code ramp} seconds, each on a connection of its own asking for one map tile after another with
 * a random think time, until {@code seconds} have passed. Every request becomes one line of
 * {@code out} (start epoch ms, latency ms, outcome, sent again) for {@link SoakReport}.
 *
 * <pre>SoakLoad base=http://127.0.0.1:3500 seconds=420 users=500 ramp=60 think-ms=250
 *          centres=centres.txt out=requests.csv</pre>
 */
public final class SoakLoad {
  /** Outcomes that are not an HTTP status, written as these negative codes. */
  static final int REFUSED = -1;
  static final int CLOSED = -2;
  static final int TIMED_OUT = -3;
  static final int OTHER = -4;
  private static final int REQUEST_TIMEOUT_MS = 20_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final HttpClient freshClient;
  private final String base;
  private final long endAt;
  private final long thinkMs;
  private final Random random = new Random(42);
  private final MapRequests requests;
  private final Requests log = new Requests();
  private int running;
  private final Promise<Void> allDone = Promise.promise();

  private SoakLoad(Args args) throws IOException {
    // One event loop drives every user: the load generator must not take a core from the fleet.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    int users = args.integer("users");
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(users).setMaxWaitQueueSize(-1));
    // A fresh connection for each request sent again: another pooled one may be closing too.
    freshClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(5_000),
        new PoolOptions().setHttp1MaxSize(users).setMaxWaitQueueSize(-1));
    base = args.text("base");
    endAt = System.currentTimeMillis() + args.integer("seconds") * 1000L;
    thinkMs = args.integer("think-ms");
    requests = new MapRequests(centres(Path.of(args.text("centres"))), random);
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    SoakLoad load = new SoakLoad(args);
    load.run(args.integer("users"), args.integer("ramp"));
    load.log.write(Path.of(args.text("out")));
    load.vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void run(int users, int rampSeconds) throws Exception {
    long step = Math.max(1, rampSeconds * 1000L / users);
    vertx.runOnContext(v -> {
      for (int i = 0; i < users; i++) {
        running++;
        vertx.setTimer(1 + i * step, t -> user());
      }
    });
    allDone.future().await(endAt - System.currentTimeMillis() + REQUEST_TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
  }

  private void user() {
    if (System.currentTimeMillis() >= endAt) {
      if (--running == 0) {
        allDone.complete();
      }
      return;
    }
    long start = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    String path = requests.next();
    get(client, path).transform(first -> {
      // As browsers do: a GET whose kept-alive connection the edge closed (nginx closes idle ones on
      // each reload) is sent once more on a new connection. Logged, so the report can count them.
      if (first.failed() && code(first.cause()) == CLOSED) {
        return get(freshClient, path).transform(second -> Future.succeededFuture(new int[] {outcome(second), 1}));
      }
      return Future.succeededFuture(new int[] {outcome(first), 0});
    }).onSuccess(outcome -> {
      log.add(start, (int) ((System.nanoTime() - startNanos) / 1_000_000), outcome[0], outcome[1] == 1);
      vertx.setTimer(1 + (long) (random.nextDouble() * 2 * thinkMs), t -> user());
    });
  }

  private static int outcome(AsyncResult<Integer> result) {
    return result.succeeded() ? result.result() : code(result.cause());
  }

  private Future<Integer> get(HttpClient via, String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(base + path)
        .setIdleTimeout(REQUEST_TIMEOUT_MS).putHeader("Accept-Encoding", "gzip");
    return via.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()));
  }

  private static int code(Throwable failure) {
    if (failure instanceof ConnectException) {
      return REFUSED;
    }
    if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
      return TIMED_OUT;
    }
    if (failure instanceof IOException || failure.getClass().getSimpleName().contains("Closed")) {
      return CLOSED;
    }
    return OTHER;
  }

  private static List<double[]> centres(Path file) throws IOException {
    List<double[]> centres = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] lonLat = line.trim().split("\\s+");
      if (lonLat.length == 2) {
        centres.add(new double[] {Double.parseDouble(lonLat[0]), Double.parseDouble(lonLat[1])});
      }
    }
    if (centres.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no 'lon lat' lines");
    }
    return centres;
  }

  /** Every request's start, latency, outcome and whether it was sent again, in columns. */
  private static final class Requests {
    private long[] starts = new long[1 << 16];
    private int[] latencies = new int[1 << 16];
    private int[] outcomes = new int[1 << 16];
    private boolean[] resent = new boolean[1 << 16];
    private int size;

    void add(long start, int latencyMs, int outcome, boolean sentAgain) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        latencies = Arrays.copyOf(latencies, size * 2);
        outcomes = Arrays.copyOf(outcomes, size * 2);
        resent = Arrays.copyOf(resent, size * 2);
      }
      starts[size] = start;
      latencies[size] = latencyMs;
      resent[size] = sentAgain;
      outcomes[size++] = outcome;
    }

    void write(Path out) throws IOException {
      try (BufferedWriter writer = Files.newBufferedWriter(out)) {
        writer.write("start_ms,latency_ms,outcome,resent\n");
        for (int i = 0; i < size; i++) {
          writer.write(starts[i] + "," + latencies[i] + "," + outcomes[i] + "," + (resent[i] ? 1 : 0) + "\n");
        }
      }
    }
  }
}
