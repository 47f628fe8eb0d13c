/* pt-str-hash.c — a string hash for hash tables of ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-core"

#include "config.h"

#include <string.h>

#include "pt-str-hash.h"

/* Multiply-xorshift mixing of each word (the constants of SplitMix64). */
#define MIX_MULTIPLIER G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)

static inline guint64
mix (guint64 hash,
     guint64 word)
{
  hash = (hash ^ word) * MIX_MULTIPLIER;
  return hash ^ (hash >> 31);
}

guint
pt_str_hash (gconstpointer key)
{
  const char *p = key;
  gsize length = strlen (p);
  guint64 hash = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ length;
  guint64 word;

  for (; length >= sizeof word; length -= sizeof word, p += sizeof word)
    {
      memcpy (&word, p, sizeof word);
      hash = mix (hash, word);
    }
  /* The last bytes, the rest of the word zero. */
  word = 0;
  memcpy (&word, p, length);
  hash = mix (hash, word);
  return (guint) (hash ^ (hash >> 32));
}
