package io.bnb.conformance;
