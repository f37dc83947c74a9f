package io.tileserver.mvt;

/**
 * An open-addressing {@code long → int} map for de-duplicating numeric attribute values without
 * boxing them: a {@code HashMap<Long, Integer>} would allocate a {@code Long} for every lookup of a
 * price or count, which is most of the attribute work in a dense point tile. Not thread-safe.
 */
final class LongIntMap {
  private long[] keys;
  /** Stored value plus one, so 0 marks an empty slot. */
  private int[] slots;

  private int size;
  private int mask;

  LongIntMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[capacity];
    slots = new int[capacity];
    mask = capacity - 1;
  }

  /** The value stored for {@code key}, or -1 when absent. */
  int get(long key) {
    int i = index(key);
    while (slots[i] != 0) {
      if (keys[i] == key) {
        return slots[i] - 1;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Stores {@code value} (≥ 0) for a key known to be absent. */
  void putNew(long key, int value) {
    if ((size + 1) * 2 > keys.length) {
      rehash();
    }
    int i = index(key);
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    slots[i] = value + 1;
    size++;
  }

  private int index(long key) {
    // Fibonacci hashing spreads sequential ids and round prices over the table.
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  private void rehash() {
    long[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new long[oldKeys.length * 2];
    slots = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldSlots[i] != 0) {
        putNew(oldKeys[i], oldSlots[i] - 1);
      }
    }
  }
}
