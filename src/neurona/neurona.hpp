/// @file neurona.hpp
/// The whole public API in one include, for the learner's own program
/// (docs/your-own-program.md):
///
///     #include <neurona/neurona.hpp>
///
/// Every header under src/neurona/ is reached from here: included, directly or through a
/// header included here (layers.hpp brings every layer, optimizers.hpp every optimizer), or
/// named below as internal with the reason. tests/install_test.sh (make test) fails, naming
/// the header, when one is neither, so a new header cannot be left out. They come in the library's levels, lowest first.
///
/// Built against the float library (libneurona.a, pkg-config neurona) or, with
/// -DNEURONA_DOUBLE, the double one (libneurona_double.a, pkg-config neurona-double); a mix
/// is a link error (matrix.hpp, neurona::link_check).
///
/// Internal, not included (installed all the same, so that a public header may include it):
///   internal: neurona/names.hpp  error-message helpers that only the library's .cpp files use
#pragma once

// Numbers: the matrix, the one matrix product and its threads, random numbers.
#include "neurona/matrix.hpp"
#include "neurona/thread_pool.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

// The math, each function beside its derivative.
#include "neurona/activations.hpp"
#include "neurona/losses.hpp"
#include "neurona/metrics.hpp"

// Layers, optimizers, the model.
#include "neurona/param.hpp"
#include "neurona/layers/config.hpp"
#include "neurona/layers/layer.hpp"
#include "neurona/layers/linear.hpp"
#include "neurona/layers.hpp"
#include "neurona/optimizers.hpp"
#include "neurona/history.hpp"
#include "neurona/progress_bar.hpp"
#include "neurona/callback.hpp"
#include "neurona/model.hpp"
#include "neurona/callbacks.hpp"

// The course's plain functions (chapter 2.2) and gradient checking.
#include "neurona/from_scratch.hpp"
#include "neurona/gradcheck.hpp"

// Data: data sets, file readers, preprocessing.
#include "neurona/data/dataset.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/data/kfold.hpp"
#include "neurona/data/csv.hpp"
#include "neurona/data/idx.hpp"

// Around training: plots, hyper-parameter search, what a chapter program reads from make.
#include "neurona/plot.hpp"
#include "neurona/tuner.hpp"
#include "neurona/chapter.hpp"
