package io.bnb.bench;
