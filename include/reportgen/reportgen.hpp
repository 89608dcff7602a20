#pragma once
/// \file
/// Everything of reportgen's public API. The mock API server is a library of
/// its own (reportgen::mock): include reportgen/mock_server.hpp for it.
#include "reportgen/batch.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/compliance.hpp"
#include "reportgen/config.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/log.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/output_name.hpp"
#include "reportgen/period.hpp"
#include "reportgen/progress.hpp"
#include "reportgen/row.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/token.hpp"
#include "reportgen/time.hpp"
#include "reportgen/version.hpp"
