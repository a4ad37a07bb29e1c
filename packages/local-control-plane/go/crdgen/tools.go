//go:build tools

// This file is never built. It records, for `go mod tidy`, the upstream API
// packages that main.go loads from source at run time (through controller-gen
// and the Gateway API CRD generator), so that go.mod and go.sum keep every
// module they need.
package main

import (
	_ "github.com/dapr/dapr/pkg/apis/components/v1alpha1"
	_ "github.com/dapr/dapr/pkg/apis/configuration/v1alpha1"
	_ "github.com/dapr/dapr/pkg/apis/httpEndpoint/v1alpha1"
	_ "github.com/dapr/dapr/pkg/apis/resiliency/v1alpha1"
	_ "github.com/dapr/dapr/pkg/apis/subscriptions/v1alpha1"
	_ "github.com/dapr/dapr/pkg/apis/subscriptions/v2alpha1"
	_ "sigs.k8s.io/gateway-api/apis/v1"
	_ "sigs.k8s.io/gateway-api/apis/v1alpha2"
	_ "sigs.k8s.io/gateway-api/apis/v1alpha3"
	_ "sigs.k8s.io/gateway-api/apis/v1beta1"
)
