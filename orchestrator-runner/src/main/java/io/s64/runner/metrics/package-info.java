/**
 * The meters of a run in Prometheus' text format on a loopback port ({@code --metrics-port}).
 */
@NullMarked
package io.s64.runner.metrics;

import org.jspecify.annotations.NullMarked;
