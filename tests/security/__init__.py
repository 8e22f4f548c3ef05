"""One test module per adversary finding: each test is named after what it proves."""
