package io.tileserver.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a soak's request log ({@link SoakLoad}) and its fault schedule into a Markdown table — for
 * each fault, the requests alive during it, the failed ones by kind, those sent again after the edge
 * closed their connection, p95 and p99 — and an SVG plot
 * of throughput, p95 and errors per second with the fault windows shaded.
 *
 * <pre>SoakReport requests=requests.csv events=events.tsv markdown=out.md svg=out.svg</pre>
 *
 * {@code events.tsv} lines are {@code epoch-ms TAB start|end TAB label}, written by the soak script
 * around each fault.
 */
public final class SoakReport {
  /** A request still failing this long after a fault ended is charged to that fault. */
  private static final long SETTLE_MS = 5_000;

  private record Request(long start, int latencyMs, int outcome, boolean resent) {
    long end() {
      return start + latencyMs;
    }

    boolean failed() {
      return outcome < 200 || outcome >= 400;
    }
  }

  private record Window(String label, long start, long end) {
    boolean holds(Request r) {
      return r.start() <= end + SETTLE_MS && r.end() >= start;
    }
  }

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    List<Request> requests = requests(Path.of(args.text("requests")));
    List<Window> windows = windows(Path.of(args.text("events")));
    if (requests.isEmpty()) {
      throw new IllegalStateException("no requests in " + args.text("requests"));
    }
    long t0 = requests.stream().mapToLong(Request::start).min().orElseThrow();
    Files.writeString(Path.of(args.text("markdown")), markdown(requests, windows, t0));
    Files.writeString(Path.of(args.text("svg")), new SoakPlot(perSecond(requests, t0), windows.stream()
        .map(w -> new SoakPlot.Span(w.label(), (w.start() - t0) / 1000.0, (w.end() - t0) / 1000.0)).toList()).svg());
  }

  private static String markdown(List<Request> requests, List<Window> windows, long t0) {
    StringBuilder out = new StringBuilder();
    out.append("| window | seconds | requests | failed | failures | sent again | p95 ms | p99 ms |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    row(out, "whole run", 0, (requests.get(requests.size() - 1).start() - t0) / 1000, requests);
    List<Request> quiet = requests.stream().filter(r -> windows.stream().noneMatch(w -> w.holds(r))).toList();
    out.append(String.format(Locale.ROOT, "| outside every fault | – | %,d | %,d | %s | %,d | %d | %d |\n",
        quiet.size(), failed(quiet), failures(quiet), resent(quiet), percentile(quiet, 0.95), percentile(quiet, 0.99)));
    for (Window w : windows) {
      row(out, w.label(), (w.start() - t0) / 1000, (w.end() - t0) / 1000,
          requests.stream().filter(w::holds).toList());
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String label, long from, long to, List<Request> alive) {
    out.append(String.format(Locale.ROOT, "| %s | %d–%d | %,d | %,d | %s | %,d | %d | %d |\n", label, from, to,
        alive.size(), failed(alive), failures(alive), resent(alive), percentile(alive, 0.95), percentile(alive, 0.99)));
  }

  private static long resent(List<Request> requests) {
    return requests.stream().filter(Request::resent).count();
  }

  private static long failed(List<Request> requests) {
    return requests.stream().filter(Request::failed).count();
  }

  /** Failed requests by kind: an HTTP status, or refused / closed / timeout / other. */
  private static String failures(List<Request> requests) {
    Map<String, Integer> kinds = new TreeMap<>();
    for (Request r : requests) {
      if (r.failed()) {
        kinds.merge(kind(r.outcome()), 1, Integer::sum);
      }
    }
    if (kinds.isEmpty()) {
      return "–";
    }
    StringBuilder text = new StringBuilder();
    kinds.forEach((kind, n) -> text.append(text.isEmpty() ? "" : ", ").append(n).append(" × ").append(kind));
    return text.toString();
  }

  private static String kind(int outcome) {
    return switch (outcome) {
      case SoakLoad.REFUSED -> "refused";
      case SoakLoad.CLOSED -> "closed";
      case SoakLoad.TIMED_OUT -> "timeout";
      case SoakLoad.OTHER -> "other";
      default -> Integer.toString(outcome);
    };
  }

  private static int percentile(List<Request> requests, double q) {
    if (requests.isEmpty()) {
      return 0;
    }
    int[] latencies = requests.stream().mapToInt(Request::latencyMs).sorted().toArray();
    return latencies[Math.min(latencies.length - 1, (int) Math.ceil(q * latencies.length) - 1)];
  }

  /** Per second of the run: answered, failed, and p95 of the requests started in that second. */
  private static List<SoakPlot.Second> perSecond(List<Request> requests, long t0) {
    Map<Long, List<Request>> bySecond = new TreeMap<>();
    for (Request r : requests) {
      bySecond.computeIfAbsent((r.start() - t0) / 1000, s -> new ArrayList<>()).add(r);
    }
    List<SoakPlot.Second> seconds = new ArrayList<>();
    bySecond.forEach((second, in) -> {
      long failed = failed(in);
      seconds.add(new SoakPlot.Second(second, in.size() - failed, failed, percentile(in, 0.95)));
    });
    return seconds;
  }

  private static List<Request> requests(Path file) throws IOException {
    List<Request> requests = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isEmpty() && Character.isDigit(line.charAt(0))) {
        String[] f = line.split(",");
        requests.add(new Request(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
            f[3].equals("1")));
      }
    }
    requests.sort((a, b) -> Long.compare(a.start(), b.start()));
    return requests;
  }

  private static List<Window> windows(Path file) throws IOException {
    Map<String, long[]> spans = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      if (f.length == 3) {
        long[] span = spans.computeIfAbsent(f[2], label -> new long[] {-1, -1});
        span[f[1].equals("start") ? 0 : 1] = Long.parseLong(f[0]);
      }
    }
    List<Window> windows = new ArrayList<>();
    spans.forEach((label, span) -> {
      if (span[0] < 0 || span[1] < 0) {
        throw new IllegalStateException("fault '" + label + "' has no " + (span[0] < 0 ? "start" : "end")
            + " in the events: " + Arrays.toString(span));
      }
      windows.add(new Window(label, span[0], span[1]));
    });
    return windows;
  }
}
