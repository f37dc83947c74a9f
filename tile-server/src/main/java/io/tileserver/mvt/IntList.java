package io.tileserver.mvt;

import java.util.Arrays;

/**
 * A growable list of primitive {@code int}s: geometry commands and feature tags are written here so
 * the hot path stores no boxed {@code Integer}s. Not thread-safe.
 */
final class IntList {
  private int[] values;
  private int size;

  IntList(int initialCapacity) {
    values = new int[Math.max(4, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The backing array; only the first {@link #size()} entries are meaningful. */
  int[] array() {
    return values;
  }

  int get(int index) {
    return values[index];
  }

  void set(int index, int value) {
    values[index] = value;
  }

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void add(int first, int second) {
    if (size + 2 > values.length) {
      values = Arrays.copyOf(values, Math.max(size * 2, size + 2));
    }
    values[size] = first;
    values[size + 1] = second;
    size += 2;
  }

  void truncate(int newSize) {
    size = newSize;
  }

  void clear() {
    size = 0;
  }

  int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
