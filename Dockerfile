# Build: a static binary (pure-Go SQLite, no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/intervue-lever ./web \
 && mkdir -p /out/data

# Run: no shell, non-root, one port. Templates and static files are embedded.
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build --chown=nonroot:nonroot /out/data /app/data
COPY --from=build /out/intervue-lever /app/intervue-lever
ENV LISTEN_ADDR=:8080
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/app/intervue-lever"]
CMD ["serve"]
