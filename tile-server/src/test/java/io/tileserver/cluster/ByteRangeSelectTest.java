package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ByteRangeSelectTest {
  private static int[] expected(byte[] column, int from, int length, int low, int high) {
    return IntStream.range(from, from + length)
        .filter(i -> column[i] >= low && column[i] <= high)
        .toArray();
  }

  @Test
  void listsExactlyTheRowsInRangeForRandomColumnsBoundsAndBlockShapes() {
    Random random = new Random(11);
    int[] rows = new int[BlockSums.BLOCK];
    for (int trial = 0; trial < 5_000; trial++) {
      byte[] column = new byte[BlockSums.BLOCK + 100];
      for (int i = 0; i < column.length; i++) {
        column[i] = (byte) (random.nextInt(10) == 0 ? -1 : random.nextInt(random.nextBoolean() ? 8 : 128));
      }
      int from = random.nextInt(100);
      int length = random.nextInt(BlockSums.BLOCK + 1);
      int low = random.nextInt(128);
      int high = low + random.nextInt(128 - low);
      int n = ByteRangeSelect.select(column, from, length, low, high, rows);
      assertThat(Arrays.copyOf(rows, n)).isEqualTo(expected(column, from, length, low, high));
    }
  }

  @Test
  void nullNeverMatchesEvenTheWidestRange() {
    byte[] column = new byte[128];
    Arrays.fill(column, (byte) -1);
    column[5] = 0;
    column[70] = 127;
    int[] rows = new int[128];
    int n = ByteRangeSelect.select(column, 0, 128, 0, 127, rows);
    assertThat(Arrays.copyOf(rows, n)).containsExactly(5, 70);
  }
}
