#pragma once
// What tmsnav exports: a plan's targets (coil poses and cortical targets), or session
// journals' pulses with the target they were guided to.
#include <vector>

#include "io/exchange.h"
#include "io/session_journal.h"
#include "planning/plan.h"

namespace tmsnav {

Exchange exchangeFromPlan(const Plan& plan);
// The journals must be of one patient (checkOnePatient).
Result<Exchange> exchangeFromJournals(const std::vector<SessionJournal>& journals);

}  // namespace tmsnav
