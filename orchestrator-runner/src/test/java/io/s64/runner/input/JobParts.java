package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.s64.job.Job;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;

/** The kind-specific parts of parsed jobs, each asserting the kind it expects. */
final class JobParts {
  private JobParts() {}

  static DeepSearchRequest deep(Job job) {
    return assertInstanceOf(Job.DeepSearch.class, job).request();
  }

  /** The query of a filter or requery job. */
  static QueryRequest query(Job job) {
    if (job instanceof Job.Requery requery) {
      return requery.request();
    }
    return assertInstanceOf(Job.Filter.class, job).request();
  }

  static String exportSearchId(Job job) {
    return assertInstanceOf(Job.Export.class, job).searchId();
  }

  static PeopleIntelligenceRequest people(Job job) {
    return assertInstanceOf(Job.PeopleIntelligence.class, job).request();
  }

  static CompanyIntelligenceRequest company(Job job) {
    return assertInstanceOf(Job.CompanyIntelligence.class, job).request();
  }

  static String problem(Job job) {
    return assertInstanceOf(Job.Invalid.class, job).problem();
  }
}
