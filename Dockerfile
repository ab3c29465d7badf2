# The mdpstream command in a container. Build: docker build -t mdpstream .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/mdpstream-cli.jar /app/
COPY --from=build /src/cli/target/lib /app/lib
# /metrics and /health when run with --metrics-port 9404
EXPOSE 9404
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/mdpstream-cli.jar"]
CMD ["--help"]
