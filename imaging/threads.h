#pragma once
// How many threads ITK filters use in this process.

namespace tmsnav {

// Caps ITK's worker threads (n >= 1), before any filter runs. With one thread a
// result is reproducible bit for bit: the multi-threaded registration metric is not
// (measured with 2 threads: targets differ between runs by up to 0.002 mm on seg3d and
// 1e-5 mm on Colin27; the same bytes every time with 1). Cohort workflows run one thread per job,
// several jobs.
void limitThreads(int n);

}  // namespace tmsnav
