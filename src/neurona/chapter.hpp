/// @file chapter.hpp
/// What a chapter program (chapters/*.md, docs/chapters.md) asks of its surroundings.
#pragma once

#include <string>

namespace neurona::chapter {

/// True when the chapter runs as a check (NEURONA_QUICK=1, set by `make test`): train on a
/// subset or for fewer epochs so that it takes seconds.
bool quick();

/// The directory for the chapter's plots: $NEURONA_CHAPTER_OUT (set by the Makefile to
/// `out/chapters/<N>`), or out/chapters/scratch; created on first use. Throws
/// std::runtime_error naming the directory when it cannot be created.
const std::string& out_dir();

}  // namespace neurona::chapter
