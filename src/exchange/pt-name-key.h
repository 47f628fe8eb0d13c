/* pt-name-key.h — the form of a name that two spellings of it share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PtNameKey PtNameKey;

/* A converter from traditional to simplified Chinese (OpenCC's t2s), with
 * a cache of the characters it has seen. Never NULL: without the OpenCC
 * data the key only folds width, case and spaces (a warning says so). */
PtNameKey *pt_name_key_new   (void);
void       pt_name_key_free  (PtNameKey  *self);

/* @name with full-width forms folded to half-width (NFKC), traditional
 * characters as simplified ones, letters case-folded, and spaces,
 * punctuation and symbols left out: 張 偉, 张伟 and ＺＨＡＮＧ wei become
 * 张伟, 张伟 and zhangwei. "" for a name with nothing left. */
char      *pt_name_key_make  (PtNameKey  *self,
                              const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtNameKey, pt_name_key_free)

G_END_DECLS
