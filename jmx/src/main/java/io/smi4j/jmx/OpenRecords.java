package io.smi4j.jmx;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Converts the model's records to JMX open data and back, by their record components.
 * The JDK 17 MXBean mapping does not read record accessors, and a snapshot must reach a
 * remote JMX client intact, so this is the one place that knows how a record becomes a
 * {@link CompositeData}: each component becomes an item of the same name; enums travel as
 * their names, {@link Instant} as ISO-8601 text, {@link Duration} as nanoseconds, lists
 * as arrays and an {@link Optional} as an array of zero or one element.
 */
public final class OpenRecords {

    private static final Map<Class<?>, CompositeType> TYPES = new ConcurrentHashMap<>();

    private OpenRecords() {
    }

    /** The open type of record class {@code type}. */
    public static CompositeType typeOf(Class<? extends Record> type) {
        CompositeType cached = TYPES.get(type);
        if (cached != null) {
            return cached;
        }
        RecordComponent[] components = type.getRecordComponents();
        String[] names = new String[components.length];
        OpenType<?>[] types = new OpenType<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            types[i] = openType(components[i].getGenericType());
        }
        try {
            CompositeType ct = new CompositeType(type.getName(), type.getSimpleName(), names, names, types);
            TYPES.put(type, ct);
            return ct;
        } catch (OpenDataException e) {
            throw new IllegalArgumentException("no open type for " + type.getName(), e);
        }
    }

    /** {@code value} as open data of {@link #typeOf(Class)}. */
    public static CompositeData toCompositeData(Record value) {
        CompositeType ct = typeOf(value.getClass());
        RecordComponent[] components = value.getClass().getRecordComponents();
        String[] names = new String[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            try {
                values[i] = toOpen(components[i].getGenericType(), components[i].getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + names[i] + " of " + value.getClass().getName(), e);
            }
        }
        try {
            return new CompositeDataSupport(ct, names, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("open data does not fit " + ct.getTypeName(), e);
        }
    }

    /** Rebuilds a record of class {@code type} from open data made by {@link #toCompositeData(Record)}. */
    public static <R extends Record> R fromCompositeData(Class<R> type, CompositeData data) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] classes = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            classes[i] = components[i].getType();
            args[i] = fromOpen(components[i].getGenericType(), data.get(components[i].getName()));
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(classes);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot rebuild " + type.getName() + " from open data", e);
        }
    }

    private static OpenType<?> openType(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type element = p.getActualTypeArguments()[0];
            if (raw == List.class || raw == Optional.class) {
                return arrayOf(openType(element));
            }
            throw new IllegalArgumentException("unsupported generic type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == boolean.class) {
            return SimpleType.BOOLEAN;
        } else if (c == int.class || c == Integer.class) {
            return SimpleType.INTEGER;
        } else if (c == long.class || c == Long.class) {
            return SimpleType.LONG;
        } else if (c == double.class) {
            return SimpleType.DOUBLE;
        } else if (c == String.class || c.isEnum() || c == Instant.class) {
            return SimpleType.STRING;
        } else if (c == Duration.class) {
            return SimpleType.LONG;
        } else if (c.isRecord()) {
            return typeOf(c.asSubclass(Record.class));
        }
        throw new IllegalArgumentException("unsupported type " + c.getName());
    }

    private static ArrayType<?> arrayOf(OpenType<?> element) {
        try {
            return ArrayType.getArrayType(element);
        } catch (OpenDataException e) {
            throw new IllegalArgumentException("no array type of " + element.getTypeName(), e);
        }
    }

    private static Object toOpen(Type type, Object value) {
        if (type instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            List<?> items = value instanceof Optional<?> o ? o.stream().toList() : (List<?>) value;
            OpenType<?> elementType = openType(element);
            Object array = Array.newInstance(javaClassOf(elementType), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, toOpen(element, items.get(i)));
            }
            return array;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        } else if (value instanceof Instant instant) {
            return instant.toString();
        } else if (value instanceof Duration duration) {
            return duration.toNanos();
        } else if (value instanceof Record record) {
            return toCompositeData(record);
        }
        return value;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object fromOpen(Type type, Object value) {
        if (type instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            int length = Array.getLength(value);
            List<Object> items = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                items.add(fromOpen(element, Array.get(value, i)));
            }
            if (p.getRawType() == Optional.class) {
                return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
            }
            return List.copyOf(items);
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) c, (String) value);
        } else if (c == Instant.class) {
            return Instant.parse((String) value);
        } else if (c == Duration.class) {
            return Duration.ofNanos((Long) value);
        } else if (c.isRecord()) {
            return fromCompositeData(c.asSubclass(Record.class), (CompositeData) value);
        }
        return value;
    }

    private static Class<?> javaClassOf(OpenType<?> type) {
        if (type instanceof CompositeType) {
            return CompositeData.class;
        }
        try {
            return Class.forName(type.getClassName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("open type class " + type.getClassName(), e);
        }
    }
}
