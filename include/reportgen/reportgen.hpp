#pragma once
// Everything of reportgen's public API. The mock API server is a library of
// its own (reportgen::mock): include reportgen/mock_server.hpp for it.
#include "reportgen/cache.hpp"
#include "reportgen/cancel.hpp"
#include "reportgen/client.hpp"
#include "reportgen/config.hpp"
#include "reportgen/decoder.hpp"
#include "reportgen/engines.hpp"
#include "reportgen/error.hpp"
#include "reportgen/generator.hpp"
#include "reportgen/log.hpp"
#include "reportgen/metrics.hpp"
#include "reportgen/model.hpp"
#include "reportgen/progress.hpp"
#include "reportgen/report.hpp"
#include "reportgen/row.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/time.hpp"
