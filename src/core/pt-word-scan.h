/* pt-word-scan.h — finding the first byte of a kind in text, eight bytes
 * at a time (the JSON reader and writer pass runs of plain bytes so)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A word is eight bytes read as one 64-bit integer, its first byte the
 * lowest. (v - 0x0101… × n) & ~v & 0x8080… flags v's bytes below n (n at
 * most 0x80): a flag may also stand above such a byte, where the
 * subtraction borrowed, never below the first one, so the lowest flag is
 * exact.
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define PT_WORD_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define PT_WORD_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* The eight bytes at @p (which must hold as many). */
static inline guint64
pt_word_load (const char *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return GUINT64_FROM_LE (word);
}

/* Flags @word's bytes below @n. */
static inline guint64
pt_word_below (guint64 word,
               guchar  n)
{
  return (word - PT_WORD_ONES * n) & ~word & PT_WORD_HIGHS;
}

/* Flags @word's bytes equal to @c. */
static inline guint64
pt_word_equal (guint64 word,
               guchar  c)
{
  return pt_word_below (word ^ (PT_WORD_ONES * c), 1);
}

/* How many bytes come before the first flagged one (@flags not 0). */
static inline guint
pt_word_first (guint64 flags)
{
  return (guint) __builtin_ctzll (flags) / 8;
}

G_END_DECLS
