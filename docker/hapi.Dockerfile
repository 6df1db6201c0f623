# HAPI FHIR (hapiproject/hapi) plus a static busybox, only so Compose can health-check it.
# The upstream image is distroless: no shell, curl or wget to probe /fhir/metadata with
# (hapifhir/hapi-fhir-jpaserver-starter issue #762). busybox's uclibc build is statically
# linked, so it runs there as is.
ARG HAPI_IMAGE=hapiproject/hapi:latest
FROM busybox:1.36-uclibc AS busybox

FROM ${HAPI_IMAGE}
COPY --from=busybox /bin/busybox /usr/local/bin/busybox
